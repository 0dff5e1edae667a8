// The guide («Hướng dẫn»): a column beside the chat on wide screens, where its button or ✕ hides it; a panel over
// the chat on narrower ones (below the top bar, so its own button stays in reach), closed by ✕, Esc or a tap
// outside it.

const $ = (id) => document.getElementById(id);
const OVER_CHAT = window.matchMedia("(max-width: 1180px)");

export class Guide {
  constructor() {
    this.layout = $("layout");
    this.button = $("toggle-guide");
    this.button.addEventListener("click", () => (this.isOpen() ? this.close() : this.open()));
    $("guide-close").addEventListener("click", () => this.close());
    $("guide-backdrop").addEventListener("click", () => this.close());
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && OVER_CHAT.matches && this.isOpen()) this.close();
    });
    OVER_CHAT.addEventListener("change", () => this.sync());
    this.sync();
  }

  isOpen() {
    return OVER_CHAT.matches ? this.layout.classList.contains("guide-open")
      : !this.layout.classList.contains("guide-hidden");
  }

  open() {
    if (OVER_CHAT.matches) {
      this.layout.classList.add("guide-open");
      $("guide-close").focus({ preventScroll: true });
    } else {
      this.layout.classList.remove("guide-hidden");
    }
    this.sync();
  }

  close() {
    const hadFocus = $("guide").contains(document.activeElement);
    this.makeWay();
    if (!OVER_CHAT.matches) this.layout.classList.add("guide-hidden");
    this.sync();
    if (hadFocus) this.button.focus({ preventScroll: true });
  }

  // A «Thử ngay» button was pressed: the guide over the chat steps aside; a column beside it stays.
  makeWay() {
    this.layout.classList.remove("guide-open");
    this.sync();
  }

  sync() {
    this.button.setAttribute("aria-expanded", String(this.isOpen()));
  }
}
