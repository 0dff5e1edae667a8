// The open chat as Zalo's app draws a chat with a bot: plain text bubbles (the bot's choices are numbered lines in
// its text: the person types the number), no buttons, no reply keyboard, nothing edited in place, and a composer
// only. It stands in for conversation.js, method for method, when the person is on Zalo.

import { dayLabel, localDay, localTime } from "./messages.js";

const $ = (id) => document.getElementById(id);
const URL_PATTERN = /(https?:\/\/[^\s]+)/g;

function daySeparator(day) {
  const separator = document.createElement("div");
  separator.className = "day-separator";
  separator.dataset.day = day;
  const label = document.createElement("span");
  label.textContent = dayLabel(day);
  separator.append(label);
  return separator;
}

// Text with its addresses as links (a report's one-time download link, an invite), nothing else formatted.
function plainText(text) {
  const body = document.createElement("div");
  body.className = "text";
  for (const part of String(text || "").split(URL_PATTERN)) {
    if (/^https?:\/\//.test(part)) {
      const anchor = document.createElement("a");
      anchor.href = part;
      anchor.textContent = part;
      anchor.target = "_blank";
      anchor.rel = "noopener";
      body.append(anchor);
    } else {
      body.append(part);
    }
  }
  return body;
}

function renderZaloMessage(message, personId) {
  const row = document.createElement("div");
  const mine = !message.from_bot && message.sender.id === personId;
  row.className = `message-row zalo-row ${mine ? "outgoing" : "incoming"}`;
  row.dataset.messageId = message.message_id;
  const bubble = document.createElement("div");
  bubble.className = "bubble zalo-bubble";
  bubble.append(plainText(message.text));
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.textContent = localTime(message.date);
  bubble.append(meta);
  row.append(bubble);
  return row;
}

export class ZaloConversationView {
  constructor({ personId }) {
    this.personId = personId;
    this.container = $("messages");
  }

  show(messages, personId, { canStart }) {
    this.container.replaceChildren();
    let day = null;
    for (const message of messages) {
      const messageDay = localDay(message.date);
      if (messageDay !== day) {
        this.container.append(daySeparator(messageDay));
        day = messageDay;
      }
      this.container.append(renderZaloMessage(message, personId));
    }
    $("empty-chat").hidden = !(messages.length === 0 && canStart);
    this.showReplyKeyboard();
    this.scrollToEnd();
  }

  append(message, messages, personId) {
    const lastSeparator = [...this.container.querySelectorAll(".day-separator")].at(-1);
    const messageDay = localDay(message.date);
    if (!lastSeparator || lastSeparator.dataset.day !== messageDay) this.container.append(daySeparator(messageDay));
    this.container.append(renderZaloMessage(message, personId));
    $("empty-chat").hidden = true;
    this.scrollToEnd();
  }

  // Zalo edits nothing: a message stays as it came.
  replace() {}

  remove(messageId) {
    const existing = this.container.querySelector(`[data-message-id="${messageId}"]`);
    if (existing) existing.remove();
  }

  answered() {}

  scrollToEnd() {
    this.container.scrollTop = this.container.scrollHeight;
  }

  showReplyKeyboard() {
    $("reply-keyboard").replaceChildren();
    $("reply-keyboard").hidden = true;
    $("message-input").placeholder = "Nhập tin nhắn hoặc gõ số để chọn…";
  }
}
