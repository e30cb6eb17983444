import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SyncSandbox } from './SyncSandbox.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SyncSandbox />
  </StrictMode>,
);
