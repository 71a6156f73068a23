// The stylesheets, in their cascade order, all in the first load: pages load their code when
// opened (App.tsx), and a page's own sheet arriving later would otherwise win over styles.css.
import './features/triage/triage.css';
import './features/contacts/contacts.css';
import './styles.css';
import './styles-board.css';
import './styles-views.css';
import './features/history/history.css';
import './features/merge/split.css';
// The translation layer first: it initialises synchronously, so the first render is in the chosen language.
import './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { registerServiceWorker } from './lib/serviceWorker';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerServiceWorker();
