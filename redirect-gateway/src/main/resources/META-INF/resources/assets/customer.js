// The customer page: a signed-in Mi account holder's POCO data, read from the gateway's joined
// personal-data export (GET /api/accounts/mi/{id}/poco-data), which only the holder may read.
import {api, claims, date, el, loadTexts, money, number, session, show, status, t, table} from '/assets/session.js';

const content = document.getElementById('content');

await loadTexts();
const jwt = session(load);
if (jwt) {
  load(jwt);
} else {
  status(t('customer.signInFirst'));
}

async function load(token) {
  const mi = claims(token)?.sub;
  document.getElementById('sign-out').hidden = false;
  if (!mi) {
    status(t('common.badToken'), 'error');
    return;
  }
  show('signed-in', t('customer.signedInAs', {mi}));
  status(t('common.loading'));
  try {
    render(await api(exportPath(mi)));
    status('');
  } catch (error) {
    content.hidden = true;
    status(error.status === 401 ? t('common.signInAgain')
        : error.status === 403 ? t('customer.notYours')
        : error.status === 404 ? t('customer.noData') : error.message, 'error');
  }
}

function exportPath(mi) {
  return `/api/accounts/mi/${encodeURIComponent(mi)}/poco-data`;
}

function render(data) {
  content.hidden = false;
  const erased = document.getElementById('erased');
  erased.hidden = !data.erasedAt;
  erased.textContent = data.erasedAt ? t('customer.erased', {at: date(data.erasedAt, true)}) : '';
  const accounts = data.pocoAccounts || [];
  show('profile', accounts.length === 0 ? el('p', {class: 'empty'}, t('customer.noAccounts'))
      : accounts.map(profile));
  renderPoints(data.points || {balance: 0, entries: []});
  renderCoupons(data.coupons || []);
  renderPocoCoupons(data.pocoCoupons || []);
  const orders = accounts.flatMap(a => a.orders || []);
  show('orders', orders.length === 0 ? el('p', {class: 'empty'}, t('customer.noOrders')) : orders.map(order));
  const feedback = accounts.flatMap(a => a.feedback || []);
  show('feedback', table(t('customer.feedback'), [t('customer.date'), t('customer.rating'), t('customer.comment'),
    t('customer.order')], feedback.map(f => [date(f.createdAt), stars(f.rating),
    f.comment ?? el('em', {}, t('customer.erasedField')), f.orderId || '–']), t('customer.noFeedback')));
  document.getElementById('download').onclick = () => download(data.miAccountId);
}

function profile(account) {
  const field = (label, value) => [el('dt', {}, label), el('dd', {}, value ?? '–')];
  return el('dl', {class: 'profile', 'data-poco-account': account.pocoAccountId},
      field(t('customer.pocoAccount'), account.pocoAccountId),
      field(t('customer.name'), account.name),
      field(t('customer.email'), account.email
          + (account.emailVerified ? '' : ` (${t('customer.unverified')})`)),
      field(t('customer.phone'), account.phone),
      field(t('customer.region'), (account.region || '').toUpperCase()),
      field(t('customer.since'), date(account.createdAt)),
      field(t('customer.movedOn'), date(account.migratedAt, true)));
}

function renderPoints(points) {
  show('balance', number(points.balance));
  const fromPoco = points.entries.filter(e => e.fromPoco);
  const converted = fromPoco.reduce((sum, e) => sum + e.delta, 0);
  show('converted', fromPoco.length === 0 ? t('customer.noConversion')
      : t('customer.converted', {points: number(converted), accounts: [...new Set(fromPoco.map(e => e.pocoAccountId))].join(', ')}));
  show('ledger', table(t('customer.ledger'), [t('customer.date'), t('customer.points'), t('customer.reason')],
      points.entries.map(e => [date(e.at, true), el('span', {class: e.delta < 0 ? 'minus' : 'plus'},
          (e.delta > 0 ? '+' : '') + number(e.delta)),
        e.fromPoco ? t('customer.fromPoco') : e.reason]), t('customer.noLedger')));
}

function renderCoupons(coupons) {
  show('coupons', coupons.length === 0 ? el('p', {class: 'empty'}, t('customer.noCoupons'))
      : el('ul', {class: 'coupons'}, coupons.map(coupon)));
}

function coupon(c) {
  const value = c.kind === 'PERCENT' ? `${number(c.value, 2)} %` : money(c.value, c.currency);
  const copy = el('button', {type: 'button', class: 'copy', 'aria-label': t('customer.copyCode', {code: c.code}),
    onclick: () => copyCode(c.code)}, t('customer.copy'));
  return el('li', {class: 'coupon', 'data-code': c.code},
      el('p', {class: 'value'}, value,
          c.minSpend ? el('span', {class: 'muted'}, ' ' + t('customer.minSpend', {amount: money(c.minSpend, c.currency)})) : null),
      el('p', {}, el('code', {class: 'code'}, c.code), ' ', copy),
      el('p', {class: 'muted'}, t('customer.expires', {at: date(c.expiresAt)}), ' · ',
          t('coupon.' + couponState(c)), c.legacyCode ? ' · ' + t('customer.replaces', {code: c.legacyCode}) : ''));
}

/** ACTIVE, REDEEMED, or EXPIRED for an active coupon past its date (the service keeps the status it was issued with). */
function couponState(c) {
  return c.status === 'ACTIVE' && c.expiresAt && new Date(c.expiresAt) < new Date() ? 'EXPIRED' : c.status || 'ACTIVE';
}

async function copyCode(code) {
  try {
    await navigator.clipboard.writeText(code);
    status(t('customer.copied', {code}));
  } catch (refused) {
    status(t('customer.copyFailed', {code}), 'error');
  }
}

function renderPocoCoupons(coupons) {
  show('poco-coupons', table(t('customer.oldCoupons'), [t('customer.pocoCode'), t('customer.became'), t('customer.newCode')],
      coupons.map(c => [el('code', {}, c.legacyCode),
        c.decided ? t('decision.' + c.decision) : t('decision.PENDING'),
        c.miCode ? el('code', {}, c.miCode) : '–']), t('customer.noOldCoupons')));
}

function order(o) {
  return el('article', {class: 'order', 'data-order': o.orderId},
      el('h3', {}, t('customer.orderTitle', {id: o.orderId, at: date(o.placedAt)})),
      el('p', {}, money(o.total, o.currency), ' · ', o.status),
      el('ul', {class: 'items'}, (o.items || []).map(i =>
          el('li', {}, `${i.quantity} × ${i.name}`, el('span', {class: 'muted'}, ' ' + money(i.unitPrice, o.currency))))),
      (o.shipments || []).map(s => el('details', {class: 'shipment'},
          el('summary', {}, t('customer.shipment', {carrier: s.carrier, number: s.trackingNumber})),
          el('ol', {class: 'tracking'}, (s.events || []).map(e =>
              el('li', {}, el('time', {datetime: e.at}, date(e.at, true)), ' ', e.status,
                  e.location ? el('span', {class: 'muted'}, ' · ' + e.location) : null))))));
}

function stars(rating) {
  return el('span', {role: 'img', 'aria-label': t('customer.stars', {n: rating})}, '★'.repeat(rating) + '☆'.repeat(5 - rating));
}

/** The export as a file: fetched anew, so it is complete and current when downloaded. */
async function download(mi) {
  try {
    const data = await api(exportPath(mi));
    const link = el('a', {href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], {type: 'application/json'})),
      download: `poco-data-${mi}.json`});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    status(t('customer.downloaded'));
  } catch (error) {
    status(error.message, 'error');
  }
}
