// Picks the page from the path: /stores lists endpoints; /, /graph and anything else is the query page.

import { mountQueryPage } from './query-page';
import { mountStoresPage } from './stores-page';

const root = document.getElementById('app') as HTMLElement;
const path = window.location.pathname.replace(/\/+$/, '');
document.getElementById(path === '/stores' ? 'nav-stores' : 'nav-query')?.classList.add('active');
if (path === '/stores') {
  mountStoresPage(root);
} else {
  void mountQueryPage(root);
}
