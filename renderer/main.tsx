import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createRendererApi } from './api.js';
import { App } from './app.js';
import { createNotifier } from './lib/notifier.js';
import { openApproval } from './state/approval-focus.js';
import { parseNoticeTag, watchApprovalNotices } from './state/approval-notices.js';
import { Controller } from './state/controller.js';
import { ControllerContext } from './state/hooks.js';
import { parseRoute } from './state/route.js';
import { Store } from './state/store.js';
import './styles.css';
import { applyTheme } from './views/theme.js';

applyTheme();
const controller = new Controller(createRendererApi(), new Store());
controller.start();

const notifier = createNotifier((tag) => {
  const target = parseNoticeTag(tag);
  if (target) openApproval(target);
});
const isLookingAt = (sessionKey: string) => {
  const route = parseRoute(window.location.hash);
  return document.visibilityState === 'visible' && document.hasFocus() && route.view === 'session' && route.key === sessionKey;
};
watchApprovalNotices(controller.store, notifier, isLookingAt);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>,
);
