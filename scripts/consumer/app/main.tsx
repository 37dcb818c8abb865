// An embedder's page that renders one partner's statement, as it arrives from the host's server: only <Statement>
// (and its stylesheet) from @provvigo/react. Its bundle must not contain the formula engine (see vite.config.mjs).
import { Statement } from '@provvigo/react';
import '@provvigo/react/styles.css';
import { createRoot } from 'react-dom/client';
import { statement } from './statement.js';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(<Statement statement={statement} locale="it" />);
