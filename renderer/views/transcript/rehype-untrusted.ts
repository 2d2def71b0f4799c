/** A rehype plugin for Claude's Markdown: invisible characters as markers. */
import { splitInvisible } from '../../lib/invisible-chars.js';
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

const isFence = (node: HastNode) => node.tagName === 'code' && Array.isArray(node.properties?.className) && node.properties.className.some((name) => typeof name === 'string' && name.startsWith('language-'));

/**
 * Every text node (paragraphs, link text, code) with its invisible characters as marker
 * elements. A fence with a language is left as text: it is highlighted later, and its tokens
 * are shown with their markers then (markdown.tsx).
 */
export function rehypeInvisibleMarks() {
  const walk = (node: HastNode) => {
    if (!node.children || isFence(node)) return;
    node.children = node.children.flatMap((child) => (child.type === 'text' ? withMarks(child.value ?? '') : (walk(child), [child])));
  };
  return (tree: HastNode) => walk(tree);
}
