/**
 * The diagram's layout: the outline as an ELK graph with compound nodes (a state's children
 * inside it, edges across levels laid out together: `elk.hierarchyHandling: INCLUDE_CHILDREN`),
 * and ELK's answer as absolute boxes and polylines for the SVG. The layout itself is ELK's.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { OutlineState } from './edit-workflow.ts';

/** A state drawn as a box, in absolute coordinates. */
export interface DiagramBox {
  path: string;
  title: string;
  /** The title in lines that fit the box. */
  lines: string[];
  x: number;
  y: number;
  width: number;
  height: number;
  /** True when it holds other states (its title sits at the top). */
  container: boolean;
  final: boolean;
}

/** A transition drawn as a polyline, in absolute coordinates. */
export interface DiagramLine {
  id: string;
  from: string;
  to: string;
  points: { x: number; y: number }[];
}

/** The laid-out diagram. */
export interface Diagram {
  width: number;
  height: number;
  boxes: DiagramBox[];
  lines: DiagramLine[];
}

const LEAF = { width: 200, height: 66 };
/** About how many characters of 14px text fit on a line of a leaf box. */
const LINE_CHARS = 24;

/** Splits a title at spaces into lines of at most about `width` characters. */
export function wrapTitle(title: string, width = LINE_CHARS): string[] {
  const lines: string[] = [];
  for (const word of title.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The ELK graph of an outline: one node per state, one edge per transition with a target. */
export function elkGraph(outline: readonly OutlineState[]): ElkNode {
  const edges: ElkExtendedEdge[] = [];
  const node = (s: OutlineState): ElkNode => {
    s.transitions.forEach((t) => {
      if (typeof t.target !== 'string' || t.target === s.path) return;
      const id = `${s.path}>${t.event}>${t.index}`;
      edges.push({ id, sources: [s.path], targets: [t.target] });
    });
    if (s.children.length === 0) return { id: s.path, ...LEAF };
    return {
      id: s.path,
      layoutOptions: { 'elk.padding': '[top=36,left=12,bottom=12,right=12]' },
      children: s.children.map(node),
    };
  };
  const children = outline.map(node);
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.nodeNode': '24',
      'elk.edgeRouting': 'ORTHOGONAL',
    },
    children,
    edges,
  };
}

/** ELK's laid-out graph as boxes and lines in absolute coordinates. */
export function diagramOf(laidOut: ElkNode, outline: readonly OutlineState[]): Diagram {
  const titles = new Map<string, OutlineState>();
  const index = (states: readonly OutlineState[]) => {
    for (const s of states) {
      titles.set(s.path, s);
      index(s.children);
    }
  };
  index(outline);
  const boxes: DiagramBox[] = [];
  const origin = new Map<string, { x: number; y: number }>([['root', { x: 0, y: 0 }]]);
  const lines: DiagramLine[] = [];
  const visit = (n: ElkNode, ox: number, oy: number) => {
    for (const child of n.children ?? []) {
      const x = ox + (child.x ?? 0);
      const y = oy + (child.y ?? 0);
      origin.set(child.id, { x, y });
      const state = titles.get(child.id);
      boxes.push({
        path: child.id,
        title: state?.title ?? child.id,
        lines:
          (child.children?.length ?? 0) > 0
            ? [state?.title ?? child.id]
            : wrapTitle(state?.title ?? child.id),
        x,
        y,
        width: child.width ?? LEAF.width,
        height: child.height ?? LEAF.height,
        container: (child.children?.length ?? 0) > 0,
        final: state?.kind === 'final',
      });
      visit(child, x, y);
    }
  };
  visit(laidOut, 0, 0);
  const allEdges: ElkExtendedEdge[] = [];
  const collect = (n: ElkNode) => {
    allEdges.push(...(n.edges ?? []));
    for (const c of n.children ?? []) collect(c);
  };
  collect(laidOut);
  for (const edge of allEdges) {
    const container = (edge as ElkExtendedEdge & { container?: string }).container ?? 'root';
    const at = origin.get(container) ?? { x: 0, y: 0 };
    for (const section of edge.sections ?? []) {
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(
        (p) => ({ x: p.x + at.x, y: p.y + at.y }),
      );
      lines.push({ id: edge.id, from: edge.sources[0]!, to: edge.targets[0]!, points });
    }
  }
  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, boxes, lines };
}
