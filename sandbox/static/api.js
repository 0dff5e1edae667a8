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

export async function postForm(path, formData) {
  return unwrap(await fetch(path, { method: "POST", body: formData }));
}

export function fileUrl(fileId, downloadName) {
  const base = `/api/files/${encodeURIComponent(fileId)}`;
  return downloadName === undefined ? base : `${base}?download=${encodeURIComponent(downloadName)}`;
}
