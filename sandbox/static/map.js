// A small map of the province's industrial zones drawn as SVG from coordinates (no tiles, nothing from outside):
// the whole province, or one zone with its enterprises and the check-in radius; a click puts a pin.

const SVG = "http://www.w3.org/2000/svg";
const METRES_PER_DEGREE = 111320;
const WIDTH = 560;
const HEIGHT = 480;
const ZONE_VIEW_SPAN_M = 2800;

export function distanceMetres(lat1, lon1, lat2, lon2) {
  const radius = 6371000;
  const toRad = (degrees) => (degrees * Math.PI) / 180;
  const dLat = toRad(lat2 - lat1);
  const dLon = toRad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * radius * Math.asin(Math.sqrt(a));
}

export function shortName(name) {
  return name.replace(/^Công ty (TNHH|CP|Cổ phần)\s+/i, "");
}

function node(name, attributes = {}, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

class Projection {
  constructor(latitude, longitude, metresPerPixel) {
    this.latitude = latitude;
    this.longitude = longitude;
    this.metresPerPixel = metresPerPixel;
    this.cosine = Math.cos((latitude * Math.PI) / 180);
  }

  toPoint(latitude, longitude) {
    return {
      x: WIDTH / 2 + ((longitude - this.longitude) * METRES_PER_DEGREE * this.cosine) / this.metresPerPixel,
      y: HEIGHT / 2 - ((latitude - this.latitude) * METRES_PER_DEGREE) / this.metresPerPixel,
    };
  }

  toCoordinates(x, y) {
    return {
      latitude: this.latitude - ((y - HEIGHT / 2) * this.metresPerPixel) / METRES_PER_DEGREE,
      longitude: this.longitude + ((x - WIDTH / 2) * this.metresPerPixel) / (METRES_PER_DEGREE * this.cosine),
    };
  }
}

// Puts each label beside its point where it overlaps no label or marker placed before: right, left, below, above.
class LabelPlacer {
  constructor() {
    this.boxes = [];
  }

  occupy(x, y, width, height) {
    this.boxes.push({ x, y, width, height });
  }

  place(x, y, text, fontSize, gap) {
    const width = text.length * fontSize * 0.6;
    const candidates = [
      { x: x + gap, y: y + fontSize / 3, anchor: "start", box: { x: x + gap, y: y - fontSize / 2 } },
      { x: x - gap, y: y + fontSize / 3, anchor: "end", box: { x: x - gap - width, y: y - fontSize / 2 } },
      { x, y: y + gap + fontSize, anchor: "middle", box: { x: x - width / 2, y: y + gap } },
      { x, y: y - gap, anchor: "middle", box: { x: x - width / 2, y: y - gap - fontSize } },
    ];
    const free = candidates.find((c) => !this.boxes.some((b) => overlaps({ ...c.box, width, height: fontSize }, b)));
    const chosen = free || candidates[0];
    this.occupy(chosen.box.x, chosen.box.y, width, fontSize);
    return { x: chosen.x, y: chosen.y, "text-anchor": chosen.anchor };
  }
}

function overlaps(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export class ProvinceMap {
  // data: { zones, landmarks, enterprises, checkin_radius_m }; onChange(pin) after every pin move.
  constructor(svg, data, onChange) {
    this.svg = svg;
    this.data = data;
    this.onChange = onChange;
    this.pin = null;
    this.zone = null;
    svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
    svg.addEventListener("click", (event) => this.clicked(event));
    svg.addEventListener("keydown", (event) => {
      if ((event.key === "Enter" || event.key === " ") && event.target.closest("[data-zone], [data-enterprise-id]")) {
        event.preventDefault();
        this.clicked(event);
      }
    });
  }

  provinceProjection() {
    const places = [...this.data.zones, ...this.data.landmarks];
    const lats = places.map((p) => p.latitude);
    const lons = places.map((p) => p.longitude);
    const latitude = (Math.min(...lats) + Math.max(...lats)) / 2;
    const longitude = (Math.min(...lons) + Math.max(...lons)) / 2;
    const cosine = Math.cos((latitude * Math.PI) / 180);
    const heightM = (Math.max(...lats) - Math.min(...lats)) * METRES_PER_DEGREE + 9000;
    const widthM = (Math.max(...lons) - Math.min(...lons)) * METRES_PER_DEGREE * cosine + 16000;
    return new Projection(latitude, longitude, Math.max(heightM / HEIGHT, widthM / WIDTH));
  }

  showProvince() {
    this.zone = null;
    this.projection = this.provinceProjection();
    this.draw();
  }

  showZone(name) {
    const zone = this.data.zones.find((candidate) => candidate.name === name);
    if (!zone) return;
    this.zone = zone;
    this.projection = new Projection(zone.latitude, zone.longitude, ZONE_VIEW_SPAN_M / WIDTH);
    this.draw();
  }

  setPin(latitude, longitude) {
    this.pin = { latitude, longitude };
    this.draw();
    this.onChange(this.pin);
  }

  nearestEnterprise(pin = this.pin) {
    if (!pin) return null;
    let best = null;
    for (const enterprise of this.data.enterprises) {
      const metres = distanceMetres(pin.latitude, pin.longitude, enterprise.latitude, enterprise.longitude);
      if (!best || metres < best.metres) best = { enterprise, metres };
    }
    return best;
  }

  clicked(event) {
    const target = event.target.closest("[data-zone], [data-enterprise-id]");
    if (target && target.dataset.zone && !this.zone) {
      this.showZone(target.dataset.zone);
      return;
    }
    if (target && target.dataset.enterpriseId) {
      const enterprise = this.data.enterprises.find((e) => String(e.id) === target.dataset.enterpriseId);
      this.setPin(enterprise.latitude, enterprise.longitude);
      return;
    }
    if (event.type !== "click") return;
    const point = this.svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    const local = point.matrixTransform(this.svg.getScreenCTM().inverse());
    const { latitude, longitude } = this.projection.toCoordinates(local.x, local.y);
    this.setPin(Number(latitude.toFixed(6)), Number(longitude.toFixed(6)));
  }

  draw() {
    const svg = this.svg;
    svg.replaceChildren();
    svg.append(node("rect", { width: WIDTH, height: HEIGHT, class: "map-land" }));
    this.drawGrid();
    if (this.zone) this.drawZone();
    else this.drawProvince();
    this.drawScale();
    if (this.pin) this.drawPin();
  }

  drawGrid() {
    const step = this.zone ? 0.005 : 0.1;
    const group = node("g", { class: "map-grid" });
    const topLeft = this.projection.toCoordinates(0, 0);
    const bottomRight = this.projection.toCoordinates(WIDTH, HEIGHT);
    for (let lat = Math.ceil(bottomRight.latitude / step) * step; lat < topLeft.latitude; lat += step) {
      const { y } = this.projection.toPoint(lat, topLeft.longitude);
      group.append(node("line", { x1: 0, x2: WIDTH, y1: y, y2: y }));
      group.append(node("text", { x: 4, y: y - 3 }, `${lat.toFixed(this.zone ? 3 : 1)}°B`));
    }
    for (let lon = Math.ceil(topLeft.longitude / step) * step; lon < bottomRight.longitude; lon += step) {
      const { x } = this.projection.toPoint(topLeft.latitude, lon);
      group.append(node("line", { x1: x, x2: x, y1: 0, y2: HEIGHT }));
      group.append(node("text", { x: x + 3, y: HEIGHT - 4 }, `${lon.toFixed(this.zone ? 3 : 1)}°Đ`));
    }
    this.svg.append(group);
  }

  drawProvince() {
    const labels = new LabelPlacer();
    const zones = this.data.zones.map((zone) => ({ zone, ...this.projection.toPoint(zone.latitude, zone.longitude) }));
    const landmarks = this.data.landmarks.map((landmark) => ({
      landmark, ...this.projection.toPoint(landmark.latitude, landmark.longitude),
    }));
    for (const { x, y } of [...zones, ...landmarks]) labels.occupy(x - 12, y - 12, 24, 24);
    for (const { zone, x, y } of zones) {
      const group = node("g", { class: "map-zone", "data-zone": zone.name, role: "button", tabindex: "0" });
      group.append(node("title", {}, `${zone.name} — bấm để phóng to`));
      group.append(node("circle", { cx: x, cy: y, r: 11 }));
      const name = zone.name.replace(/^KCN /, "");
      group.append(node("text", labels.place(x, y, name, 13, 15), name));
      this.svg.append(group);
    }
    for (const { landmark, x, y } of landmarks) {
      this.svg.append(node("rect", { x: x - 4, y: y - 4, width: 8, height: 8, class: "map-landmark" }));
      this.svg.append(node("text", { ...labels.place(x, y, landmark.name, 12, 8), class: "map-landmark-label" },
        landmark.name));
    }
    const north = node("g", { class: "map-north" });
    north.append(node("path", { d: `M${WIDTH - 30} 16 l8 22 l-8 -6 l-8 6 z` }));
    north.append(node("text", { x: WIDTH - 34, y: 52 }, "B"));
    this.svg.append(north);
  }

  drawZone() {
    const centre = this.projection.toPoint(this.zone.latitude, this.zone.longitude);
    const zoneRadius = 950 / this.projection.metresPerPixel;
    this.svg.append(node("circle", { cx: centre.x, cy: centre.y, r: zoneRadius, class: "map-zone-area" }));
    this.svg.append(node("text", { x: centre.x, y: centre.y - zoneRadius - 8, class: "map-zone-title" },
      `${this.zone.name} (${this.zone.district})`));
    const radius = this.data.checkin_radius_m / this.projection.metresPerPixel;
    for (const enterprise of this.data.enterprises.filter((e) => e.zone === this.zone.name)) {
      const { x, y } = this.projection.toPoint(enterprise.latitude, enterprise.longitude);
      this.svg.append(node("circle", { cx: x, cy: y, r: radius, class: "map-checkin-radius" }));
      const group = node("g", {
        class: "map-enterprise", "data-enterprise-id": enterprise.id, role: "button", tabindex: "0",
      });
      group.append(node("title", {}, `${enterprise.name} — MST ${enterprise.tax_code}`));
      group.append(node("rect", { x: x - 9, y: y - 9, width: 18, height: 18, rx: 3 }));
      group.append(node("text", { x, y: y + 24, class: "map-enterprise-label" }, shortName(enterprise.name)));
      this.svg.append(group);
    }
  }

  drawScale() {
    const metres = this.zone ? 500 : 10000;
    const length = metres / this.projection.metresPerPixel;
    const group = node("g", { class: "map-scale" });
    group.append(node("path", { d: `M16 ${HEIGHT - 26} v6 h${length} v-6` }));
    group.append(node("text", { x: 16, y: HEIGHT - 32 }, this.zone ? "500 m" : "10 km"));
    this.svg.append(group);
  }

  drawPin() {
    const { x, y } = this.projection.toPoint(this.pin.latitude, this.pin.longitude);
    const pin = node("g", { class: "map-pin", transform: `translate(${x} ${y})` });
    pin.append(node("path", { d: "M0 0 c-4 -9 -11 -13 -11 -21 a11 11 0 0 1 22 0 c0 8 -7 12 -11 21z" }));
    pin.append(node("circle", { cx: 0, cy: -21, r: 4, fill: "#fff" }));
    this.svg.append(pin);
  }
}
