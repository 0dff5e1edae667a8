// The sandbox page: who you are, your chats, the open conversation, and the live stream from the emulator.

import { base64Of, getJSON, postJSON } from "./api.js";
import { ConversationView } from "./conversation.js";
import { ZaloConversationView } from "./zalo_conversation.js";
import { deepLinkPayload } from "./format.js";
import { Guide } from "./guide.js";
import { LocationDialog } from "./location_dialog.js";
import { localTime, makeAvatar } from "./messages.js";
import { makeSamplePhoto } from "./sample_photo.js";
import { TimeControl } from "./time_control.js";
import { attempt, toast } from "./toast.js";

const TYPING_SHOWN_MS = 5000;
const PRESSED_SHOWN_MS = 4000;
const $ = (id) => document.getElementById(id);

const state = {
  info: null,
  personId: null,
  chatKey: null,
  messages: new Map(), // chat key → Map(message id → message)
  unread: new Map(), // `${person id}|${chat key}` → count
  typingUntil: new Map(), // chat key → ms
  time: null, // TimeControl
  location: null, // LocationDialog
  view: null, // ConversationView or ZaloConversationView, as the open chat's app draws it
  telegramView: null,
  zaloView: null,
  guide: null, // Guide
};

// ------------------------------------------------------------------------------------------------ helpers

function person(id = state.personId) {
  return state.info.people.find((candidate) => candidate.id === Number(id));
}

function personByRole(role) {
  return state.info.people.find((candidate) => candidate.role === role);
}

function chatInfo(key = state.chatKey) {
  return state.info.chats[key];
}

function messagesOf(key) {
  if (!state.messages.has(key)) state.messages.set(key, new Map());
  return state.messages.get(key);
}

function orderedMessages(key) {
  return [...messagesOf(key).values()].sort((a, b) => a.message_id - b.message_id);
}

function isGroup(key) {
  return chatInfo(key).type !== "private";
}

function peopleIn(key) {
  return state.info.people.filter((candidate) => candidate.chat_keys.includes(key) || candidate.zalo_chat_key === key);
}

// Each person is on Telegram or on Zalo (the visitor's choice, kept in the browser). On Zalo they see their chat
// with the bot there; the delegation's groups stay on Telegram in the sandbox.
function platformOf(candidate = person()) {
  return candidate.zalo_chat_key && localStorage.getItem(`sandbox.platform.${candidate.id}`) === "zalo"
    ? "zalo" : "telegram";
}

function chatKeysOf(candidate = person()) {
  return platformOf(candidate) === "zalo" ? [candidate.zalo_chat_key] : candidate.chat_keys;
}

function privateChatOf(candidate = person()) {
  return platformOf(candidate) === "zalo" ? candidate.zalo_chat_key : candidate.private_chat_key;
}

function isZalo(key = state.chatKey) {
  return chatInfo(key).platform === "zalo";
}

function switchPlatform(platform) {
  localStorage.setItem(`sandbox.platform.${state.personId}`, platform);
  openChat(privateChatOf());
}

function unreadKey(personId, chatKey) {
  return `${personId}|${chatKey}`;
}

// ------------------------------------------------------------------------------------------------ people & chats

function renderPeople() {
  const container = $("people");
  container.replaceChildren();
  for (const candidate of state.info.people) {
    const card = document.createElement("button");
    card.type = "button";
    card.className = `person role-${candidate.role}`;
    card.setAttribute("role", "radio");
    card.setAttribute("aria-checked", String(candidate.id === state.personId));
    card.dataset.personId = candidate.id;
    const text = document.createElement("span");
    text.className = "person-text";
    text.append(personName(candidate.name), personRole(candidate.role_label));
    card.append(makeAvatar(candidate.name, candidate.id), text);
    const unread = chatKeysOf(candidate).reduce((sum, key) => sum + (state.unread.get(unreadKey(candidate.id, key)) || 0), 0);
    if (unread && candidate.id !== state.personId) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = unread;
      badge.title = `${unread} tin chưa đọc`;
      card.append(badge);
    }
    card.addEventListener("click", () => switchPerson(candidate.id));
    container.append(card);
  }
}

// A phone-sized page shows the given name ("Bình") and the role's first words ("Khách", not "(chưa tham gia)").
function personName(fullName) {
  const name = document.createElement("span");
  name.className = "person-name";
  const given = fullName.trim().split(/\s+/).at(-1);
  const full = document.createElement("span");
  full.className = "name-full";
  full.textContent = fullName;
  const short = document.createElement("span");
  short.className = "name-short";
  short.textContent = given;
  short.setAttribute("aria-hidden", "true");
  name.append(full, short);
  return name;
}

function personRole(label) {
  const role = document.createElement("span");
  role.className = "person-role";
  const [main, more] = label.split(/(?= \()/, 2);
  role.append(main || "");
  if (more) {
    const rest = document.createElement("span");
    rest.className = "role-more";
    rest.textContent = more;
    role.append(rest);
  }
  return role;
}

function chatAvatar(key) {
  const chat = chatInfo(key);
  if (chat.type === "private") {
    const logo = document.createElement("div");
    logo.className = "avatar bot-avatar";
    logo.textContent = "Đ";
    return logo;
  }
  return makeAvatar(chat.title, chat.id);
}

function previewOf(key) {
  const last = orderedMessages(key).at(-1);
  if (!last) return { text: chatInfo(key).type === "private" ? "Bấm để bắt đầu" : "Chưa có tin nhắn", time: "" };
  let body = last.text || (last.photo ? "🖼 Ảnh" : last.location ? "📍 Vị trí" : last.document ? `📄 ${last.document.file_name}` : last.service || "");
  body = body.split("\n")[0];
  let who = "";
  if (!last.from_bot && last.sender.id === state.personId) who = "Tôi: ";
  else if (isGroup(key) && !last.service && !last.from_bot) who = `${last.sender.name.split(" ").at(-1)}: `;
  return { text: who + body, time: localTime(last.date) };
}

function renderChatList() {
  const list = $("chat-list");
  list.replaceChildren();
  $("platform-switch").replaceChildren(platformSwitch(person()));
  for (const key of chatKeysOf()) {
    const chat = chatInfo(key);
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = `chat-item${key === state.chatKey ? " active" : ""}`;
    button.dataset.chatKey = key;
    button.dataset.chatType = chat.type;
    const text = document.createElement("span");
    text.className = "chat-item-text";
    const top = document.createElement("span");
    top.className = "chat-item-top";
    const title = document.createElement("span");
    title.className = "chat-item-title";
    title.textContent = chat.title;
    const shortTitle = document.createElement("span");
    shortTitle.className = "chat-item-short-title";
    shortTitle.textContent = chat.short_title;
    shortTitle.setAttribute("aria-hidden", "true");
    const preview = previewOf(key);
    const time = document.createElement("span");
    time.className = "chat-item-time";
    time.textContent = preview.time;
    top.append(title, shortTitle, time);
    const bottom = document.createElement("span");
    bottom.className = "chat-item-bottom";
    const previewText = document.createElement("span");
    previewText.className = "chat-item-preview";
    const typing = (state.typingUntil.get(key) || 0) > Date.now();
    previewText.textContent = typing ? "đang soạn tin…" : preview.text;
    bottom.append(previewText);
    const unread = state.unread.get(unreadKey(state.personId, key)) || 0;
    if (unread) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = unread;
      button.classList.add("unread");
      bottom.append(badge);
    }
    text.append(top, bottom);
    button.append(chatAvatar(key), text);
    button.addEventListener("click", () => openChat(key));
    item.append(button);
    list.append(item);
  }
}

function switchPerson(personId) {
  const previous = state.chatKey ? chatInfo(state.chatKey) : null;
  state.personId = Number(personId);
  const me = person();
  // Stay in the same group when the new person is in it; else go to their chat with the bot.
  const key = previous && previous.type !== "private" && chatKeysOf(me).includes(state.chatKey)
    ? state.chatKey : privateChatOf(me);
  localStorage.setItem("sandbox.person", String(state.personId));
  openChat(key);
}

function openChat(key) {
  state.chatKey = key;
  state.view = isZalo(key) ? state.zaloView : state.telegramView;
  $("conversation").classList.toggle("zalo", isZalo(key));
  localStorage.setItem("sandbox.chat", key);
  state.unread.delete(unreadKey(state.personId, key));
  hidePopovers();
  renderPeople();
  renderChatList();
  renderHeader();
  renderConversation();
  refreshMenuButton();
  $("message-input").focus({ preventScroll: true });
}

// ------------------------------------------------------------------------------------------------ conversation

function renderHeader() {
  const chat = chatInfo();
  $("chat-avatar").replaceChildren(chatAvatar(state.chatKey));
  $("chat-title").textContent = chat.title;
  const typing = (state.typingUntil.get(state.chatKey) || 0) > Date.now();
  $("chat-subtitle").textContent = typing ? "đang soạn tin…" : chat.subtitle;
  $("chat-subtitle").classList.toggle("typing", typing);
  const me = person();
  $("acting-as").replaceChildren();
  const label = document.createElement("span");
  label.textContent = "Đang đóng vai";
  const name = document.createElement("strong");
  name.textContent = `${me.name} · ${me.role_label}`;
  $("acting-as").append(label, makeAvatar(me.name, me.id, "small"), name);
}

function platformSwitch(me) {
  const group = document.createElement("span");
  group.className = "platform-switch";
  group.setAttribute("role", "radiogroup");
  group.setAttribute("aria-label", "Ứng dụng người này dùng");
  for (const [platform, label] of [["telegram", "Telegram"], ["zalo", "Zalo"]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `platform-button platform-${platform}`;
    button.dataset.platform = platform;
    button.setAttribute("role", "radio");
    button.setAttribute("aria-checked", String(platformOf(me) === platform));
    button.textContent = label;
    button.disabled = platform === "zalo" && !me.zalo_chat_key;
    button.addEventListener("click", () => switchPlatform(platform));
    group.append(button);
  }
  return group;
}

function messageContext() {
  return {
    personId: state.personId,
    isGroup: isGroup(state.chatKey),
    handlers: {
      onPress: pressInlineButton,
      onCommand: (command) => sendText(command),
      onLink: followLink,
      onOpenPhoto: openPhoto,
    },
  };
}

function renderConversation() {
  state.view.show(orderedMessages(state.chatKey), state.personId, { canStart: chatInfo().type === "private" });
}

function onReplyKey(key) {
  if (key.request_location) openLocationDialog();
  else sendText(key.text);
}

// ------------------------------------------------------------------------------------------------ acting

function target() {
  return { user_id: state.personId, chat_key: state.chatKey };
}

async function sendText(text) {
  const trimmed = text.trim();
  if (!trimmed) return;
  hidePopovers();
  await attempt(() => postJSON("/api/send", { ...target(), text: trimmed }));
}

async function pressInlineButton(message, button, element) {
  if (button.url) {
    followLink(button.url, null, { asCurrentPerson: true });
    return;
  }
  element.classList.add("pressed");
  setTimeout(() => element.classList.remove("pressed"), PRESSED_SHOWN_MS);
  await attempt(() => postJSON("/api/press", { ...target(), message_id: message.message_id, callback_data: button.callback_data }));
}

function followLink(url, event, { asCurrentPerson = false } = {}) {
  const payload = deepLinkPayload(url, state.info.bot.username);
  if (payload === null) {
    if (!event) window.open(url, "_blank", "noopener");
    return;
  }
  if (event) event.preventDefault();
  if (asCurrentPerson) openDeepLink(state.personId, payload);
  else chooseWhoOpens(url, payload);
}

function chooseWhoOpens(url, payload) {
  const dialog = $("deeplink-dialog");
  $("deeplink-url").textContent = url;
  const container = $("deeplink-people");
  container.replaceChildren();
  for (const candidate of state.info.people) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "person";
    button.dataset.personId = candidate.id;
    const text = document.createElement("span");
    text.className = "person-text";
    text.innerHTML = "<span class='person-name'></span><span class='person-role'></span>";
    text.firstChild.textContent = candidate.name + (candidate.id === state.personId ? " (đang đóng vai)" : "");
    text.lastChild.textContent = candidate.role_label;
    button.append(makeAvatar(candidate.name, candidate.id), text);
    button.addEventListener("click", () => {
      dialog.close();
      openDeepLink(candidate.id, payload);
    });
    container.append(button);
  }
  dialog.showModal();
}

async function openDeepLink(personId, payload) {
  switchPerson(personId);
  openChat(privateChatOf());
  await sendText(payload ? `/start ${payload}` : "/start");
}

async function sendPhoto(blob) {
  await attempt(async () => postJSON("/api/photo", { ...target(), photo_base64: await base64Of(blob) }));
}

function openPhoto(url) {
  $("photo-viewer-image").src = url;
  $("photo-viewer").showModal();
}

// ------------------------------------------------------------------------------------------------ menus

function hidePopovers() {
  $("command-menu").hidden = true;
  $("attach-menu").hidden = true;
}

async function loadMenu() {
  const result = await attempt(() => getJSON("/api/menu", { chat: state.chatKey, user: state.personId }));
  return result ? result.commands : [];
}

async function refreshMenuButton() {
  if (isZalo()) return;   // no command menu on Zalo (the CSS hides it)
  const commands = await loadMenu();
  $("menu-button").hidden = commands.length === 0;
}

async function showCommandMenu(filter = "") {
  const menu = $("command-menu");
  if (isZalo()) {
    menu.hidden = true;
    return;
  }
  const commands = (await loadMenu()).filter((c) => `/${c.command}`.startsWith(filter.toLowerCase()));
  menu.replaceChildren();
  if (!commands.length) {
    menu.hidden = true;
    return;
  }
  for (const command of commands) {
    const item = document.createElement("button");
    item.type = "button";
    item.setAttribute("role", "menuitem");
    item.className = "command-item";
    item.dataset.command = command.command;
    const name = document.createElement("span");
    name.className = "command-name";
    name.textContent = `/${command.command}`;
    const description = document.createElement("span");
    description.className = "command-description";
    description.textContent = command.description;
    item.append(name, description);
    item.addEventListener("click", () => {
      $("message-input").value = "";
      sendText(`/${command.command}`);
    });
    menu.append(item);
  }
  $("attach-menu").hidden = true;
  menu.hidden = false;
}

// ------------------------------------------------------------------------------------------------ live events

// Roles change in the database (an invite redeemed, /thanhvien): after the bot answers someone in private,
// ask again who is what.
let peopleRefresh = null;
function refreshPeopleSoon() {
  if (peopleRefresh) return;
  peopleRefresh = setTimeout(async () => {
    peopleRefresh = null;
    const people = await attempt(() => getJSON("/api/people"));
    if (!people) return;
    state.info.people = people;
    renderPeople();
    renderHeader();
  }, 300);
}

function upsertMessage(chatKey, message) {
  const messages = messagesOf(chatKey);
  const isNew = !messages.has(message.message_id);
  messages.set(message.message_id, message);
  return isNew;
}

function countUnread(chatKey, message) {
  for (const candidate of peopleIn(chatKey)) {
    if (!message.from_bot && message.sender.id === candidate.id) continue;
    if (candidate.id === state.personId && chatKey === state.chatKey) continue;
    const key = unreadKey(candidate.id, chatKey);
    state.unread.set(key, (state.unread.get(key) || 0) + 1);
  }
}

function onPageEvent(event) {
  switch (event.kind) {
    case "message": {
      if (!state.info.chats[event.chat_key]) return;
      const isNew = upsertMessage(event.chat_key, event.message);
      if (event.message.from_bot) state.typingUntil.delete(event.chat_key);
      if (event.message.from_bot && !isGroup(event.chat_key)) refreshPeopleSoon();
      if (isNew) countUnread(event.chat_key, event.message);
      if (event.chat_key === state.chatKey) {
        const messages = orderedMessages(event.chat_key);
        if (isNew) state.view.append(event.message, messages, state.personId);
        else state.view.replace(event.message, messages, state.personId);
        renderHeader();
      }
      renderChatList();
      renderPeople();
      break;
    }
    case "edit":
      if (!state.info.chats[event.chat_key]) return;
      upsertMessage(event.chat_key, event.message);
      if (event.chat_key === state.chatKey) {
        state.view.replace(event.message, orderedMessages(event.chat_key), state.personId);
      }
      renderChatList();
      break;
    case "delete":
      messagesOf(event.chat_key).delete(event.message_id);
      if (event.chat_key === state.chatKey) {
        state.view.remove(event.message_id, orderedMessages(event.chat_key), state.personId);
      }
      renderChatList();
      break;
    case "chat_action":
      state.typingUntil.set(event.chat_key, Date.now() + TYPING_SHOWN_MS);
      if (event.chat_key === state.chatKey) renderHeader();
      renderChatList();
      setTimeout(() => {
        if (event.chat_key === state.chatKey) renderHeader();
        renderChatList();
      }, TYPING_SHOWN_MS + 50);
      break;
    case "callback_answer": {
      const answer = event.answer || {};
      if (event.user_id === state.personId && answer.text) {
        if (answer.show_alert) window.alert(answer.text);
        else toast(answer.text);
      }
      if (event.chat_key === state.chatKey) state.view.answered(event.message_id);
      break;
    }
    case "commands":
      refreshMenuButton();
      break;
    case "clock":
      if (event.clock) state.time.set(event.clock);
      break;
    default:
      break;
  }
}

function listen(path, since) {
  const source = new EventSource(`${path}?since=${since}`);
  source.addEventListener("page", (message) => onPageEvent(JSON.parse(message.data)));
  source.addEventListener("open", () => document.body.classList.remove("disconnected"));
  source.addEventListener("error", () => document.body.classList.add("disconnected"));
}

// ------------------------------------------------------------------------------------------------ wiring

function wireComposer() {
  const input = $("message-input");
  const autoSize = () => {
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  };
  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    autoSize();
    await sendText(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    } else if (event.key === "Escape") {
      hidePopovers();
    }
  });
  input.addEventListener("input", () => {
    autoSize();
    const value = input.value;
    if (/^\/\w*$/.test(value)) showCommandMenu(value);
    else $("command-menu").hidden = true;
  });
  $("menu-button").addEventListener("click", () => {
    if ($("command-menu").hidden) showCommandMenu();
    else hidePopovers();
  });
  $("attach-button").addEventListener("click", () => {
    $("command-menu").hidden = true;
    $("attach-menu").hidden = !$("attach-menu").hidden;
  });
  $("attach-menu").addEventListener("click", async (event) => {
    const choice = event.target.closest("[data-attach]");
    if (!choice) return;
    hidePopovers();
    if (choice.dataset.attach === "location") openLocationDialog();
    else if (choice.dataset.attach === "photo-file") $("photo-input").click();
    else if (choice.dataset.attach === "photo-sample") {
      const blob = await makeSamplePhoto(state.time.label());
      await sendPhoto(blob);
    }
  });
  $("photo-input").addEventListener("change", async () => {
    const file = $("photo-input").files[0];
    $("photo-input").value = "";
    if (file) await sendPhoto(file);
  });
  $("start-button").addEventListener("click", () => sendText("/start"));
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".composer")) hidePopovers();
  });
}

function openLocationDialog() {
  hidePopovers();
  state.location.open();
}

function offerGroupAfterMove() {
  const group = state.info.group_key;
  return chatKeysOf().includes(group) && state.chatKey !== group
    ? { action: { label: "Xem nhóm chung", run: () => openChat(group) } } : {};
}

function wireChrome() {
  state.guide = new Guide();
  $("deeplink-cancel").addEventListener("click", () => $("deeplink-dialog").close());
  $("photo-viewer-close").addEventListener("click", () => $("photo-viewer").close());
  for (const element of document.querySelectorAll("[data-name-of]")) {
    const named = personByRole(element.dataset.nameOf);
    element.textContent = named ? named.name : "";
  }
  const tries = {
    visit: () => {
      switchPerson(personByRole("member").id);
      showCommandMenu();
    },
    coordinators: () => {
      const coordinator = personByRole("coordinator");
      switchPerson(coordinator.id);
      openChat(state.info.coordinators_key);
    },
    group: () => {
      if (!chatKeysOf().includes(state.info.group_key)) switchPerson(personByRole("member").id);
      openChat(state.info.group_key);
    },
    invite: () => {
      switchPerson(personByRole("admin").id);
      $("message-input").value = "/moi";
    },
  };
  for (const button of document.querySelectorAll("[data-try]")) {
    button.addEventListener("click", (event) => {
      event.stopPropagation();
      state.guide.makeWay();
      tries[button.dataset.try]();
    });
  }
}

async function loadAllChats() {
  await Promise.all(Object.keys(state.info.chats).map(async (key) => {
    const result = await getJSON("/api/messages", { chat: key });
    for (const message of result.messages) upsertMessage(key, message);
  }));
}

async function main() {
  state.info = await getJSON("/api/state");
  state.time = new TimeControl(state.info.clock, offerGroupAfterMove);
  state.location = new LocationDialog(state.info.map, (latitude, longitude) => attempt(
    () => postJSON("/api/location", { ...target(), latitude, longitude })));
  state.telegramView = new ConversationView({ context: messageContext, onKey: onReplyKey });
  state.zaloView = new ZaloConversationView();
  state.view = state.telegramView;
  await loadAllChats();
  wireComposer();
  wireChrome();
  const savedPerson = Number(localStorage.getItem("sandbox.person"));
  state.personId = person(savedPerson) ? savedPerson : personByRole("member").id;
  const savedChat = localStorage.getItem("sandbox.chat");
  openChat(chatKeysOf().includes(savedChat) ? savedChat : privateChatOf());
  listen("/api/events", state.info.event_seq); // what happened since the snapshot is replayed, then live
  if (state.info.zalo_event_seq !== null) listen("/api/zalo/events", state.info.zalo_event_seq);
  document.body.classList.add("ready");
}

main().catch((error) => {
  document.body.classList.add("failed");
  toast(`Không tải được sandbox: ${error.message}`, { error: true });
});
