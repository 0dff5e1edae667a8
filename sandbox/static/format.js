// Message text with its Bot API entities (bold, links, commands…) as DOM nodes.
// Entity offsets count UTF-16 code units, exactly as JavaScript strings index, so slicing is direct.

const TAGS = {
  bold: "strong",
  italic: "em",
  underline: "u",
  strikethrough: "s",
  code: "code",
  blockquote: "blockquote",
  expandable_blockquote: "blockquote",
};

// handlers: { onCommand(text), onLink(url, event) } — links and commands are clickable as in Telegram.
export function formattedText(text, entities, handlers) {
  const fragment = document.createDocumentFragment();
  const sorted = [...(entities || [])]
    .filter((entity) => entity.length > 0)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  build(fragment, text, sorted, 0, text.length, handlers);
  return fragment;
}

function build(parent, text, entities, start, end, handlers) {
  let position = start;
  let index = 0;
  while (index < entities.length) {
    const entity = entities[index];
    const entityStart = Math.max(entity.offset, position);
    const entityEnd = Math.min(entity.offset + entity.length, end);
    index += 1;
    if (entityStart >= entityEnd) continue; // swallowed by an earlier entity
    if (entityStart > position) parent.append(text.slice(position, entityStart));
    const inner = [];
    while (index < entities.length && entities[index].offset < entityEnd) {
      inner.push(entities[index]);
      index += 1;
    }
    const element = elementFor(entity, text.slice(entityStart, entityEnd), handlers);
    build(element.querySelector("[data-content]") || element, text, inner, entityStart, entityEnd, handlers);
    parent.append(element);
    position = entityEnd;
  }
  if (position < end) parent.append(text.slice(position, end));
}

function elementFor(entity, fragment, handlers) {
  if (TAGS[entity.type]) return document.createElement(TAGS[entity.type]);
  switch (entity.type) {
    case "pre": {
      const pre = document.createElement("pre");
      const code = document.createElement("code");
      code.dataset.content = "";
      pre.append(code);
      return pre;
    }
    case "spoiler": {
      const span = document.createElement("span");
      span.className = "spoiler";
      span.title = "Bấm để xem";
      span.addEventListener("click", () => span.classList.add("revealed"));
      return span;
    }
    case "text_link":
      return link(entity.url, handlers);
    case "url":
      return link(/^[a-z]+:\/\//i.test(fragment) ? fragment : `https://${fragment}`, handlers);
    case "email":
      return link(`mailto:${fragment}`, handlers);
    case "phone_number":
      return link(`tel:${fragment.replace(/[^\d+]/g, "")}`, handlers);
    case "bot_command": {
      const span = document.createElement("span");
      span.className = "command";
      span.setAttribute("role", "button");
      span.tabIndex = 0;
      span.addEventListener("click", () => handlers.onCommand(fragment));
      return span;
    }
    default: {
      const span = document.createElement("span");
      span.className = `entity-${entity.type}`;
      return span;
    }
  }
}

const SAFE_LINK = /^(https?|tg|mailto|tel):/i;

function link(url, handlers) {
  if (!SAFE_LINK.test(url)) return document.createElement("span"); // no javascript: and the like
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.target = "_blank";
  anchor.rel = "noopener noreferrer";
  anchor.addEventListener("click", (event) => handlers.onLink(url, event));
  return anchor;
}

// "https://t.me/<bot>?start=PAYLOAD" → "PAYLOAD" when it opens this bot; else null.
export function deepLinkPayload(url, botUsername) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!["t.me", "telegram.me"].includes(parsed.hostname)) return null;
  if (parsed.pathname.replace(/^\//, "").toLowerCase() !== botUsername.toLowerCase()) return null;
  return parsed.searchParams.get("start") ?? "";
}
