import * as Y from 'yjs';
for (const N of [20000, 50000]) {
  const src = new Y.Doc(); const ups = [];
  src.on('update', (u) => ups.push(u));
  let t = performance.now();
  const x = src.getText('t'); for (let i = 0; i < N; i++) x.insert((i % 10) * 4, `${i % 10}ab `);
  const gen = performance.now() - t;
  t = performance.now(); const d = new Y.Doc({gc:false}); for (const u of ups) Y.applyUpdate(d, u); const app = performance.now() - t;
  t = performance.now(); const st = Y.encodeStateAsUpdate(d); const enc = performance.now() - t;
  t = performance.now(); const d2 = new Y.Doc(); Y.applyUpdate(d2, st); const load = performance.now() - t;
  t = performance.now(); const merged = Y.mergeUpdates(ups); const mergeT = performance.now() - t;
  console.log(N, 'gen', gen.toFixed(0), 'apply', app.toFixed(0), 'state bytes', st.length, 'encode', enc.toFixed(1), 'load', load.toFixed(1), 'mergeUpdates', mergeT.toFixed(0), merged.length, 'avg upd', (ups.reduce((a,u)=>a+u.length,0)/ups.length).toFixed(1));
}
