// Short notices at the top of the page; `attempt` shows a failed action's reason instead of throwing.

export function toast(text, { error = false, action = null } = {}) {
  const element = document.createElement("div");
  element.className = `toast${error ? " error" : ""}`;
  element.setAttribute("role", error ? "alert" : "status");
  const label = document.createElement("span");
  label.textContent = text;
  element.append(label);
  if (action) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = action.label;
    button.addEventListener("click", () => {
      action.run();
      element.remove();
    });
    element.append(button);
  }
  document.getElementById("toasts").append(element);
  setTimeout(() => element.remove(), action ? 8000 : 4500);
}

export async function attempt(work) {
  try {
    return await work();
  } catch (error) {
    toast(error.message, { error: true });
    return undefined;
  }
}
