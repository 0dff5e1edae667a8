// The sandbox server's JSON API: every answer is {ok, result} or {ok: false, error} with a reason to show.

async function unwrap(response) {
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Error(`Máy chủ sandbox trả lời ${response.status}`);
  }
  if (!body.ok) throw new Error(body.error || `Lỗi ${response.status}`);
  return body.result;
}

export async function getJSON(path, params = {}) {
  const query = new URLSearchParams(params).toString();
  return unwrap(await fetch(query ? `${path}?${query}` : path));
}

export async function postJSON(path, body) {
  return unwrap(await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  }));
}

// A file as base64 for a JSON body (the server takes JSON only).
export function base64Of(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener("load", () => resolve(String(reader.result).split(",", 2)[1] || ""));
    reader.addEventListener("error", () => reject(reader.error));
    reader.readAsDataURL(blob);
  });
}

export function fileUrl(fileId, downloadName) {
  const base = `/api/files/${encodeURIComponent(fileId)}`;
  return downloadName === undefined ? base : `${base}?download=${encodeURIComponent(downloadName)}`;
}
