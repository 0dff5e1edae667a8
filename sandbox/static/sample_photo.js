// A sample photo drawn on a canvas (a factory gate in an industrial zone), so a visitor without a photo at
// hand can still try the photo step. Returns a JPEG Blob.

export function makeSamplePhoto(caption) {
  const canvas = document.createElement("canvas");
  canvas.width = 960;
  canvas.height = 720;
  const context = canvas.getContext("2d");

  const sky = context.createLinearGradient(0, 0, 0, 430);
  sky.addColorStop(0, "#8ec5ff");
  sky.addColorStop(1, "#e3f1ff");
  context.fillStyle = sky;
  context.fillRect(0, 0, 960, 430);
  context.fillStyle = "#9bbf7a";
  context.fillRect(0, 430, 960, 290);
  context.fillStyle = "#8a8f98";
  context.beginPath();
  context.moveTo(330, 720);
  context.lineTo(630, 720);
  context.lineTo(520, 430);
  context.lineTo(440, 430);
  context.fill();

  // The factory: a long hall with a sawtooth roof and a chimney.
  context.fillStyle = "#f4f1ea";
  context.fillRect(120, 250, 720, 180);
  context.fillStyle = "#5d7ea6";
  for (let x = 120; x < 840; x += 90) {
    context.beginPath();
    context.moveTo(x, 250);
    context.lineTo(x + 90, 250);
    context.lineTo(x + 90, 200);
    context.fill();
  }
  context.fillStyle = "#b0463c";
  context.fillRect(760, 120, 36, 130);
  context.fillStyle = "#cfd8e3";
  for (let x = 150; x < 820; x += 70) context.fillRect(x, 300, 40, 60);

  // The gate and its sign.
  context.fillStyle = "#2f4b6e";
  context.fillRect(380, 380, 20, 80);
  context.fillRect(560, 380, 20, 80);
  context.fillStyle = "#c62828";
  context.fillRect(360, 350, 240, 40);
  context.fillStyle = "#fff";
  context.font = "bold 22px sans-serif";
  context.textAlign = "center";
  context.fillText("CỔNG NHÀ MÁY", 480, 378);

  context.fillStyle = "rgba(0, 0, 0, 0.55)";
  context.fillRect(0, 640, 960, 80);
  context.fillStyle = "#fff";
  context.font = "26px sans-serif";
  context.textAlign = "left";
  context.fillText(`Ảnh mẫu — ${caption}`, 24, 690);

  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("Không tạo được ảnh mẫu"))), "image/jpeg", 0.85);
  });
}
