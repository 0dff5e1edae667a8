// A message as a bubble: sender, reply quote, photo / document / location, formatted text, time, inline keyboard.

import { fileUrl } from "./api.js";
import { formattedText } from "./format.js";

const WEEKDAYS = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
export const TIME_ZONE = "Asia/Ho_Chi_Minh";

// Dates are the sandbox's (the emulator stamps messages with the shared clock), shown in Vietnam's time.
const timeFormat = new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", timeZone: TIME_ZONE });
const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }); // yyyy-mm-dd

export function localTime(seconds) {
  return timeFormat.format(new Date(seconds * 1000));
}

export function localDay(seconds) {
  return dayFormat.format(new Date(seconds * 1000));
}

export function dayLabel(isoDay) {
  const [year, month, day] = isoDay.split("-").map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
  return `${weekday}, ${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;
}

export function initials(name) {
  const words = name.trim().split(/\s+/);
  const last = words[words.length - 1] || "?";
  return (words.length > 1 ? words[0][0] + last[0] : last.slice(0, 2)).toUpperCase();
}

export function avatarColor(id) {
  const colors = ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];
  return colors[Math.abs(Number(id)) % colors.length];
}

export function makeAvatar(name, id, extraClass = "") {
  const avatar = document.createElement("div");
  avatar.className = `avatar ${extraClass}`.trim();
  avatar.textContent = initials(name);
  avatar.style.background = avatarColor(id);
  avatar.setAttribute("aria-hidden", "true");
  return avatar;
}

function formatSize(bytes) {
  if (!bytes && bytes !== 0) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// context: { personId, isGroup, handlers: { onPress(message, button), onCommand(text), onLink(url, event),
//            onOpenPhoto(url) } }
export function renderMessage(message, context) {
  if (message.service) {
    const service = document.createElement("div");
    service.className = "service-message";
    service.dataset.messageId = message.message_id;
    service.textContent = message.service;
    return service;
  }
  const own = !message.from_bot && message.sender.id === context.personId;
  const row = document.createElement("div");
  row.className = `message-row ${own ? "outgoing" : "incoming"}${message.from_bot ? " from-bot" : ""}`;
  row.dataset.messageId = message.message_id;

  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (!own && (context.isGroup || !message.from_bot)) {
    const sender = document.createElement("div");
    sender.className = "sender";
    sender.textContent = message.sender.name;
    sender.style.color = avatarColor(message.sender.id);
    bubble.append(sender);
  }
  if (message.reply_to) {
    const quote = document.createElement("div");
    quote.className = "reply-quote";
    const who = document.createElement("strong");
    who.textContent = message.reply_to.sender;
    const what = document.createElement("span");
    what.textContent = message.reply_to.text || "…";
    quote.append(who, what);
    bubble.append(quote);
  }
  if (message.photo) bubble.append(renderPhoto(message.photo, context));
  if (message.document) bubble.append(renderDocument(message.document));
  if (message.location) bubble.append(renderLocation(message.location));
  if (message.text) {
    const text = document.createElement("div");
    text.className = "text";
    text.append(formattedText(message.text, message.entities, context.handlers));
    bubble.append(text);
  }
  const meta = document.createElement("span");
  meta.className = "meta";
  if (message.edit_date) {
    const edited = document.createElement("span");
    edited.className = "edited";
    edited.textContent = "đã sửa";
    meta.append(edited);
  }
  const time = document.createElement("time");
  time.textContent = localTime(message.date);
  meta.append(time);
  bubble.append(meta);
  row.append(bubble);

  if (message.buttons && message.buttons.length) row.append(renderInlineKeyboard(message, context));
  return row;
}

function renderPhoto(photo, context) {
  const image = document.createElement("img");
  image.className = "photo";
  image.src = fileUrl(photo.file_id);
  image.alt = "Ảnh";
  image.loading = "lazy";
  if (photo.width && photo.height) {
    image.width = Math.min(320, photo.width);
    image.style.aspectRatio = `${photo.width} / ${photo.height}`;
  }
  image.addEventListener("click", () => context.handlers.onOpenPhoto(fileUrl(photo.file_id)));
  return image;
}

function renderDocument(document_) {
  const card = document.createElement("a");
  card.className = "document";
  card.href = fileUrl(document_.file_id, document_.file_name);
  card.download = document_.file_name;
  card.title = `Tải về ${document_.file_name}`;
  const icon = document.createElement("span");
  icon.className = "document-icon";
  icon.textContent = "⬇";
  const name = document.createElement("span");
  name.className = "document-name";
  name.textContent = document_.file_name;
  const size = document.createElement("span");
  size.className = "document-size";
  size.textContent = [formatSize(document_.file_size), "Tải về"].filter(Boolean).join(" · ");
  const text = document.createElement("span");
  text.className = "document-text";
  text.append(name, size);
  card.append(icon, text);
  return card;
}

function renderLocation(location) {
  const card = document.createElement("div");
  card.className = "location-card";
  card.innerHTML = `<svg viewBox="0 0 200 90" aria-hidden="true">
      <rect width="200" height="90" fill="#dfe9d8"/>
      <path d="M0 60 C50 40 90 80 200 50" stroke="#b7d3ea" stroke-width="10" fill="none"/>
      <path d="M40 0 L70 90 M0 25 L200 35" stroke="#fff" stroke-width="4"/>
      <path d="M100 18 c-9 0 -15 7 -15 15 c0 11 15 26 15 26 c0 0 15 -15 15 -26 c0 -8 -6 -15 -15 -15z" fill="#e53935"/>
      <circle cx="100" cy="33" r="5" fill="#fff"/></svg>`;
  const label = document.createElement("div");
  label.className = "location-label";
  label.textContent = `📍 ${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`;
  card.append(label);
  return card;
}

function renderInlineKeyboard(message, context) {
  const keyboard = document.createElement("div");
  keyboard.className = "inline-keyboard";
  for (const row of message.buttons) {
    const line = document.createElement("div");
    line.className = "inline-row";
    for (const button of row) {
      const element = document.createElement("button");
      element.type = "button";
      element.className = "inline-button";
      element.textContent = button.text;
      if (button.url) {
        element.classList.add("url-button");
        element.title = button.url;
      }
      element.addEventListener("click", () => context.handlers.onPress(message, button, element));
      line.append(element);
    }
    keyboard.append(line);
  }
  return keyboard;
}
