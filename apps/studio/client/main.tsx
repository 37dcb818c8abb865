import { createRoot } from 'react-dom/client';
import '@provvigo/react/styles.css';
import './studio.css';
import { App } from './App.js';

createRoot(document.getElementById('root')!).render(<App />);
