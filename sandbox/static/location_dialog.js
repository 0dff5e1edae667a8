// The "send a location" dialog: the province map (zones, then a zone's enterprises), or coordinates typed in;
// it says how far the point is from the nearest enterprise and whether a check-in there would verify.

import { ProvinceMap, shortName } from "./map.js";

const $ = (id) => document.getElementById(id);

export class LocationDialog {
  // mapData: { zones, landmarks, enterprises, checkin_radius_m }; onSend(latitude, longitude)
  constructor(mapData, onSend) {
    this.mapData = mapData;
    this.dialog = $("location-dialog");
    this.latitude = $("latitude-input");
    this.longitude = $("longitude-input");
    this.map = new ProvinceMap($("province-map"), mapData, (pin) => {
      this.latitude.value = pin.latitude.toFixed(6);
      this.longitude.value = pin.longitude.toFixed(6);
      this.describePin();
    });
    for (const zone of mapData.zones) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "zone-button";
      button.dataset.zone = zone.name;
      button.textContent = zone.name;
      button.addEventListener("click", () => this.showZone(zone.name));
      $("zone-buttons").append(button);
    }
    const typed = () => {
      const point = this.typedPoint();
      if (point) {
        this.map.pin = point;
        this.map.draw();
      }
      this.describePin();
    };
    this.latitude.addEventListener("input", typed);
    this.longitude.addEventListener("input", typed);
    $("map-back").addEventListener("click", () => this.showProvince());
    $("province-map").addEventListener("click", () => this.markZone(this.map.zone && this.map.zone.name));
    $("location-cancel").addEventListener("click", () => this.dialog.close());
    $("location-send").addEventListener("click", () => {
      const point = this.typedPoint();
      this.dialog.close();
      if (point) onSend(point.latitude, point.longitude);
    });
    for (const element of document.querySelectorAll("[data-checkin-radius]")) {
      element.textContent = mapData.checkin_radius_m;
    }
  }

  open() {
    if (!this.map.zone) this.map.showProvince();
    this.markZone(this.map.zone && this.map.zone.name);
    this.describePin();
    this.dialog.showModal();
  }

  showProvince() {
    this.map.showProvince();
    this.markZone(null);
  }

  showZone(name) {
    this.map.showZone(name);
    this.markZone(name);
  }

  markZone(name) {
    $("map-back").hidden = !name;
    for (const button of document.querySelectorAll(".zone-button")) {
      button.classList.toggle("active", button.dataset.zone === name);
    }
  }

  typedPoint() {
    const latitude = Number.parseFloat(this.latitude.value);
    const longitude = Number.parseFloat(this.longitude.value);
    const valid = Number.isFinite(latitude) && Number.isFinite(longitude)
      && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
    return valid ? { latitude, longitude } : null;
  }

  describePin() {
    const point = this.typedPoint();
    $("location-send").disabled = !point;
    const text = $("nearest-enterprise");
    const nearest = point ? this.map.nearestEnterprise(point) : null;
    text.classList.remove("within");
    if (!nearest) {
      text.textContent = point ? "" : "Chưa chọn điểm nào.";
      return;
    }
    const within = nearest.metres <= this.mapData.checkin_radius_m;
    text.textContent = `Gần nhất: ${shortName(nearest.enterprise.name)} — `
      + `${Math.round(nearest.metres).toLocaleString("vi-VN")} m `
      + (within ? "✓ trong bán kính xác nhận" : "(ngoài bán kính xác nhận)");
    text.classList.toggle("within", within);
  }
}
