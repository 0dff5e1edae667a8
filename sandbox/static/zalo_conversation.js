// The open chat as Zalo's app draws a chat with a bot: plain text bubbles (the bot's choices are numbered lines in
// its text: the person types the number), no buttons, no reply keyboard, nothing edited in place, and a composer
// only. It is conversation.js's view with Zalo's bubbles, when the person is on Zalo.

import { ConversationView } from "./conversation.js";
import { localTime } from "./messages.js";

const $ = (id) => document.getElementById(id);
const URL_PATTERN = /(https?:\/\/[^\s]+)/g;

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

// The chat by day as conversation.js lays it out; only the bubbles, edits and the keyboard are Zalo's.
export class ZaloConversationView extends ConversationView {
  constructor() {
    super({ context: null, onKey: null });
  }

  renderer(personId) {
    return (message) => renderZaloMessage(message, personId);
  }

  // Zalo edits nothing: a message stays as it came.
  replace() {}

  answered() {}

  showReplyKeyboard() {
    $("reply-keyboard").replaceChildren();
    $("reply-keyboard").hidden = true;
    $("message-input").placeholder = "Nhập tin nhắn hoặc gõ số để chọn…";
  }
}
