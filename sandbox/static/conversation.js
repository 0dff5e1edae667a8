// The open chat as a Telegram client draws it: messages by day (bubbles from messages.js), the «BẮT ĐẦU» of an
// empty chat with the bot, and the bot's reply keyboard under the messages. Everything that draws a chat is here,
// and another client's look (zalo_conversation.js) extends this view with its own bubbles (renderer()).

import { dayLabel, localDay, renderMessage } from "./messages.js";

const $ = (id) => document.getElementById(id);
const PHONE = window.matchMedia("(max-width: 760px)");
const placeholder = () => (PHONE.matches ? "Nhập tin nhắn…" : "Nhập tin nhắn… (gõ / để xem lệnh)");

// The reply keyboard a client shows: the bot's latest one, unless it was taken away, or it was a one-time
// keyboard already used by this person.
export function currentReplyKeyboard(messages, personId) {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const keyboard = messages[index].reply_keyboard;
    if (!keyboard || !messages[index].from_bot) continue;
    if (keyboard.remove) return null;
    const usedSince = messages.slice(index + 1).some((m) => !m.from_bot && m.sender.id === personId);
    return keyboard.one_time && usedSince ? null : keyboard;
  }
  return null;
}

function daySeparator(day) {
  const separator = document.createElement("div");
  separator.className = "day-separator";
  separator.dataset.day = day;
  const label = document.createElement("span");
  label.textContent = dayLabel(day);
  separator.append(label);
  return separator;
}

export class ConversationView {
  // context(): { personId, isGroup, handlers } for messages.js; onKey(key): a reply key pressed.
  constructor({ context, onKey }) {
    this.context = context;
    this.onKey = onKey;
    this.container = $("messages");
  }

  // The whole chat; `canStart`: an empty chat with the bot offers «BẮT ĐẦU».
  show(messages, personId, { canStart }) {
    this.container.replaceChildren();
    const render = this.renderer(personId);
    let day = null;
    for (const message of messages) {
      const messageDay = localDay(message.date);
      if (messageDay !== day) {
        this.container.append(daySeparator(messageDay));
        day = messageDay;
      }
      this.container.append(render(message));
    }
    $("empty-chat").hidden = !(messages.length === 0 && canStart);
    this.showReplyKeyboard(messages, personId);
    this.scrollToEnd();
  }

  append(message, messages, personId) {
    const lastSeparator = [...this.container.querySelectorAll(".day-separator")].at(-1);
    const messageDay = localDay(message.date);
    if (!lastSeparator || lastSeparator.dataset.day !== messageDay) this.container.append(daySeparator(messageDay));
    this.container.append(this.renderer(personId)(message));
    $("empty-chat").hidden = true;
    this.showReplyKeyboard(messages, personId);
    this.scrollToEnd();
  }

  replace(message, messages, personId) {
    const existing = this.row(message.message_id);
    if (!existing) return;
    existing.replaceWith(this.renderer(personId)(message));
    this.showReplyKeyboard(messages, personId);
  }

  remove(messageId, messages, personId) {
    const existing = this.row(messageId);
    if (existing) existing.remove();
    this.showReplyKeyboard(messages, personId);
  }

  // How this client draws one message for `personId` (the context asked once per drawing of the chat).
  renderer(personId) {
    const context = this.context();
    return (message) => renderMessage(message, context);
  }

  // The bot answered a button press: the button stops looking pressed.
  answered(messageId) {
    const row = this.row(messageId);
    if (row) row.querySelectorAll(".inline-button.pressed").forEach((button) => button.classList.remove("pressed"));
  }

  row(messageId) {
    return this.container.querySelector(`[data-message-id="${messageId}"]`);
  }

  scrollToEnd() {
    this.container.scrollTop = this.container.scrollHeight;
  }

  showReplyKeyboard(messages, personId) {
    const container = $("reply-keyboard");
    const keyboard = currentReplyKeyboard(messages, personId);
    container.replaceChildren();
    container.hidden = !keyboard;
    $("message-input").placeholder = (keyboard && keyboard.placeholder) || placeholder();
    if (!keyboard) return;
    for (const row of keyboard.rows) {
      const line = document.createElement("div");
      line.className = "reply-row";
      for (const key of row) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "reply-key";
        button.textContent = key.text;
        button.addEventListener("click", () => this.onKey(key));
        line.append(button);
      }
      container.append(line);
    }
  }
}
