/**
 * A large specification for the benchmarks: 300 requirements spread through about 100
 * pages of headings, paragraphs, lists and tables, the same every time.
 */
import type * as Y from 'yjs';
import { priorities } from '../../shared/doc-layout.js';
import { bulletList, heading, paragraph, requirement, table } from '../../shared/spec-builders.js';

const words =
  'the system must let officers and residents record track and review every repair with clear reports for each borough and its contractors'.split(
    ' ',
  );

/** Deterministic filler text of `count` words, different for each `seed`. */
export function sentence(seed: number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(words[(seed * 7 + i * 13) % words.length]!);
  const text = out.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/**
 * 20 sections of 5 subsections; each subsection has three paragraphs and three
 * requirements, every other one a bulleted list, every fifth a table of six rows.
 */
export function buildSpecification(fragment: Y.XmlFragment): void {
  const boroughs = ['hackney', 'camden', 'islington'];
  let number = 0;
  const nodes: Y.XmlElement[] = [];
  for (let s = 1; s <= 20; s++) {
    nodes.push(heading(2, `Section ${s}: ${sentence(s, 4).slice(0, -1)}`));
    nodes.push(paragraph(sentence(s, 60)));
    for (let t = 1; t <= 5; t++) {
      const n = s * 10 + t;
      nodes.push(heading(3, `${s}.${t} ${sentence(n, 3).slice(0, -1)}`));
      nodes.push(paragraph(sentence(n, 70), { text: ' See the guidance.', link: 'https://www.gov.uk/guidance' }));
      for (let r = 0; r < 3; r++) {
        number++;
        // One requirement in four is one borough's own variation.
        const appliesTo = number % 4 === 0 ? [boroughs[number % 3]!] : [];
        nodes.push(requirement({ number, priority: priorities[number % 4]!, appliesTo }, [sentence(number, 35)]));
      }
      nodes.push(paragraph(sentence(n + 1, 80)));
      if (t % 2 === 0) nodes.push(bulletList(...[1, 2, 3, 4].map((i) => [sentence(n + i, 12)])));
      if (t % 5 === 0) {
        nodes.push(
          table(
            ['Service', 'Measure', 'Target', 'Reported'],
            [1, 2, 3, 4, 5, 6].map((i) => [`Service ${i}`, sentence(n + i, 6), `${90 + i}%`, 'Monthly']),
          ),
        );
      }
      nodes.push(paragraph(sentence(n + 2, 60)));
    }
  }
  fragment.insert(0, nodes);
}
