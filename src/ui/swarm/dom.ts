// A tiny element builder for the swarm view's DOM code.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

/** Sets text only when it changed, so a steady table does not churn the DOM. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
