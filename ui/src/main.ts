/** Starts the web app. */
import { createApp } from 'vue';
import App from './App.vue';
import { setUnauthenticatedHandler } from './api/client.ts';
import { createAppRouter } from './router.ts';
import { sessionEnded } from './session/use-session.ts';
import './styles.css';

const router = createAppRouter();
setUnauthenticatedHandler(() => {
  sessionEnded();
  const here = router.currentRoute.value;
  if (!here.meta.public) {
    void router.push({ name: 'login', query: { next: here.fullPath, expired: '1' } });
  }
});
createApp(App).use(router).mount('#app');
