/**
 * The limit for this stack: TipTap on Yjs with the specification's extensions and
 * nothing else (no React, no numbering, outline, comments or presence list), on the
 * same live document through the same server. The browser benchmark measures our
 * workspace against this page.
 *
 * The requirement node has our schema (so the same document renders) but plain HTML
 * instead of our node view.
 */
import { Editor, Node } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TableKit } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { specificationOf, specNodes } from '../../../../shared/doc-layout.js';

const PlainRequirement = Node.create({
  name: specNodes.requirement,
  group: 'block',
  content: 'paragraph+',
  defining: true,
  addAttributes: () => ({ number: { default: null }, priority: { default: 'must' }, appliesTo: { default: [] } }),
  parseHTML: () => [{ tag: 'section[data-requirement]' }],
  renderHTML: () => ['section', { 'data-requirement': '' }, 0],
});

const room = new URLSearchParams(location.search).get('room') ?? '';
const doc = new Y.Doc();
const provider = new WebsocketProvider(`ws://${location.host}/collab`, room, doc);

new Editor({
  element: document.getElementById('editor')!,
  extensions: [
    StarterKit.configure({
      undoRedo: false,
      trailingNode: false,
      heading: { levels: [2, 3, 4] },
      codeBlock: false,
      code: false,
      link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
    }),
    TableKit.configure({ table: { resizable: false } }),
    PlainRequirement,
    Collaboration.configure({ fragment: specificationOf(doc) }),
    CollaborationCaret.configure({ provider, user: { name: 'Bench Person', color: '#1d70b8' } }),
  ],
  editorProps: { attributes: { 'data-testid': 'specification-editor' } },
});
