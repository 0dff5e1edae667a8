// The sandbox's clock in the top bar, ticking along with real time, and the buttons that move it forward.

import { postJSON } from "./api.js";
import { dayLabel, localDay, localTime } from "./messages.js";
import { attempt, toast } from "./toast.js";

const $ = (id) => document.getElementById(id);

export class TimeControl {
  // afterMove(result): what to offer once the bot has sent what fell due (e.g. a button to the group).
  constructor(clock, afterMove) {
    this.afterMove = afterMove;
    this.set(clock);
    setInterval(() => this.render(), 1000);
    for (const button of document.querySelectorAll(".time-button")) {
      button.addEventListener("click", () => this.move(button.dataset.step));
    }
  }

  set(clock) {
    this.clock = clock;
    this.offsetMs = clock.epoch_ms - Date.now();
    this.render();
  }

  seconds() {
    return Math.floor((Date.now() + this.offsetMs) / 1000);
  }

  label() {
    return `${dayLabel(localDay(this.seconds()))} ${localTime(this.seconds())}`;
  }

  render() {
    // Day and time apart, so a narrow top bar can put one above the other.
    const seconds = this.seconds();
    const day = document.createElement("span");
    day.className = "clock-day";
    day.textContent = dayLabel(localDay(seconds));
    const time = document.createElement("span");
    time.className = "clock-time";
    time.textContent = localTime(seconds);
    $("clock-label").replaceChildren(day, " ", time);
    const deadline = this.clock.next_deadline;
    $("next-deadline-label").textContent = deadline ? `${deadline.label} · mục ${deadline.code}` : "(hết kế hoạch)";
    $("next-deadline-button").title = deadline ? `Mục ${deadline.code}: ${deadline.title}` : "";
    $("next-deadline-button").disabled = !deadline || this.clock.moving;
    for (const button of document.querySelectorAll(".time-button:not(.deadline)")) button.disabled = this.clock.moving;
    $("time-control").classList.toggle("moving", Boolean(this.clock.moving));
  }

  async move(step) {
    this.clock = { ...this.clock, moving: true };
    this.render();
    const result = await attempt(() => postJSON("/api/clock", { step }));
    if (!result) {
      this.clock = { ...this.clock, moving: false };
      this.render();
      return;
    }
    this.set(result);
    const sent = result.messages_sent;
    const summary = sent ? `Bot đã gửi ${sent} tin nhắn theo lịch.` : "Không có tin nhắn nào đến hạn.";
    toast(`Đã chuyển đến ${result.label}. ${summary}`, sent ? this.afterMove(result) : {});
  }
}
