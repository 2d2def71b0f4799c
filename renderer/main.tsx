import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createRendererApi } from './api.js';
import { App } from './app.js';
import { Controller } from './state/controller.js';
import { ControllerContext } from './state/hooks.js';
import { Store } from './state/store.js';
import './styles.css';
import { applyTheme } from './views/theme.js';

applyTheme();
const controller = new Controller(createRendererApi(), new Store());
controller.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
);
