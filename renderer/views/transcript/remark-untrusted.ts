/** Remark plugins for Claude's Markdown: nothing in it becomes live HTML, and nothing it holds is hidden. */

/** The parts of an mdast node these plugins read and write. */
interface MdNode {
  type: string;
  value?: string;
  identifier?: string;
  label?: string;
  children?: MdNode[];
}

/** Raw HTML in the Markdown becomes plain text, so it renders inert and visible. */
export function remarkHtmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === 'html') node.type = 'text';
    node.children?.forEach(walk);
  };
  return (tree: MdNode) => walk(tree);
}

function footnoteReferences(node: MdNode, found = new Set<string>()): Set<string> {
  if (node.type === 'footnoteReference' && node.identifier) found.add(node.identifier);
  node.children?.forEach((child) => footnoteReferences(child, found));
  return found;
}

/** A footnote definition as the text it is: its label, then its content. */
function asText(definition: MdNode): MdNode[] {
  const label: MdNode = { type: 'text', value: `[^${definition.label ?? definition.identifier}]: ` };
  const [first, ...rest] = definition.children ?? [];
  if (first?.type === 'paragraph') return [{ ...first, children: [label, ...(first.children ?? [])] }, ...rest];
  return [{ type: 'paragraph', children: [label] }, ...(definition.children ?? [])];
}

/**
 * A footnote definition nothing refers to would show nothing at all (GFM drops it), however much
 * text it holds: it shows as the text it is instead.
 */
export function remarkOrphanFootnotesShown() {
  return (tree: MdNode) => {
    const referenced = footnoteReferences(tree);
    const walk = (node: MdNode) => {
      if (!node.children) return;
      node.children = node.children.flatMap((child) => {
        if (child.type === 'footnoteDefinition' && !referenced.has(child.identifier ?? '')) return asText(child);
        walk(child);
        return [child];
      });
    };
    walk(tree);
  };
}
