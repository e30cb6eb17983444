/**
 * A bare page to watch live sync work: open the same `?room=` in two tabs and add
 * items in either. The real workspace replaces it.
 */
import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

type Status = 'connecting' | 'connected' | 'disconnected';

export function SyncSandbox() {
  const room = new URLSearchParams(location.search).get('room') || 'sandbox';
  const [items, setItems] = useState<string[]>([]);
  const [status, setStatus] = useState<Status>('connecting');
  const [list, setList] = useState<Y.Array<string> | null>(null);
  const [draft, setDraft] = useState('');

  useEffect(() => {
    const doc = new Y.Doc();
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
    const provider = new WebsocketProvider(url, room, doc);
    const shared = doc.getArray<string>('items');
    const render = () => setItems(shared.toArray());
    shared.observe(render);
    provider.on('status', ({ status }) => setStatus(status));
    setList(shared);
    render();
    return () => {
      provider.destroy();
      doc.destroy();
    };
  }, [room]);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '2rem auto' }}>
      <h1>Live sync: {room}</h1>
      <p role="status">Connection: {status}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.trim() && list) list.push([draft.trim()]);
          setDraft('');
        }}
      >
        <label htmlFor="item">New item</label>{' '}
        <input id="item" value={draft} onChange={(event) => setDraft(event.target.value)} />{' '}
        <button type="submit">Add</button>
      </form>
      <ul>
        {items.map((item, index) => (
          <li key={index}>
            {item}{' '}
            <button type="button" onClick={() => list?.delete(index, 1)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
