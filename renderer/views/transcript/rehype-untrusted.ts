/** Rehype plugins for Claude's Markdown: invisible characters as markers, big code left plain. */
import { splitInvisible } from '../../lib/invisible-chars.js';
import { MARKDOWN_LIMITS } from './markdown-plan.js';
import { invisibleMarkProps } from './visible-text.js';

/** The parts of a hast node these plugins read and write. */
interface HastNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function markElement(codePoint: number, count: number): HastNode {
  const { label, className, ...attributes } = invisibleMarkProps(codePoint, count);
  return { type: 'element', tagName: 'span', properties: { className: [className], ...attributes }, children: [{ type: 'text', value: label }] };
}

function withMarks(text: string): HastNode[] {
  return splitInvisible(text).map((piece) => (typeof piece === 'string' ? { type: 'text', value: piece } : markElement(piece.codePoint, piece.count)));
}

/** Every text node (paragraphs, link text, code, after highlighting) with its invisible characters as marker elements. */
export function rehypeInvisibleMarks() {
  const walk = (node: HastNode) => {
    if (!node.children) return;
    node.children = node.children.flatMap((child) => (child.type === 'text' ? withMarks(child.value ?? '') : (walk(child), [child])));
  };
  return (tree: HastNode) => walk(tree);
}

function textLength(node: HastNode): number {
  if (node.type === 'text') return node.value?.length ?? 0;
  return (node.children ?? []).reduce((sum, child) => sum + textLength(child), 0);
}

/** Code blocks too long to highlight quickly get `no-highlight`, which rehype-highlight honours. */
export function rehypeBigCodePlain() {
  const walk = (node: HastNode) => {
    if (node.tagName === 'code' && textLength(node) > MARKDOWN_LIMITS.highlightChars) {
      const classes = node.properties?.className;
      node.properties = { ...node.properties, className: [...(Array.isArray(classes) ? classes : []), 'no-highlight'] };
      return;
    }
    node.children?.forEach(walk);
  };
  return (tree: HastNode) => walk(tree);
}
