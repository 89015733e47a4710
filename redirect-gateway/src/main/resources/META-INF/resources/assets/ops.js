// The ops console: a bulk migration's live progress (polled, with backoff on failure), starting,
// pausing and resuming one; the cross-service verification and the loyalty reconciliation; the dead
// letters of each consuming service with replay; the redirects' hits, chart and dry run.
import {api, date, el, loadTexts, number, poll, session, show, status, t, table} from '/assets/session.js';

const CONSUMERS = {'account-service': '/api/accounts', 'loyalty-service': '/api/loyalty', 'coupon-service': '/api/coupons'};
const VERIFICATIONS = ['/api/migrations/verification', '/api/loyalty/verification', '/api/coupons/verification'];
const LISTED = 20;

let selected = null;       // the migration followed: its id, or null for the latest
let latest = null;         // its last progress
const samples = [];        // (time, accounts done) of the followed migration, for the rate
let pollFailing = false;   // the status line shows a failed poll, cleared by the next good one

await loadTexts();
const jwt = session(start);
if (jwt) {
  start();
} else {
  status(t('ops.signInFirst'));
}

async function start() {
  try {
    await refreshMigrations();
  } catch (error) {
    status(error.status === 401 ? t('common.signInAgain') : error.status === 403 ? t('ops.notOps') : error.message, 'error');
    return;
  }
  document.getElementById('content').hidden = false;
  status('');
  document.getElementById('start').addEventListener('submit', startMigration);
  document.getElementById('verify').addEventListener('click', () => verify(false));
  document.getElementById('audit').addEventListener('click', () => verify(true));
  document.getElementById('refresh-letters').addEventListener('click', refreshLetters);
  document.getElementById('dry-run').addEventListener('submit', dryRun);
  // a running migration is followed every second; otherwise the list is looked at every 10 s
  poll(refreshMigrations, () => latest && latest.status !== 'FINISHED' || isFinishing() ? 1_000 : 10_000, pollFailed);
  poll(refreshRedirects, () => 10_000, pollFailed);
  refreshLetters();
  refreshReconciliation();
}

function pollFailed(error, failures) {
  pollFailing = true;
  status(t('ops.retrying', {error: error.message, n: failures}), 'error');
}

/** A poll went through: a message about an earlier failed poll goes; what an action said stays. */
function pollRecovered() {
  if (pollFailing) {
    pollFailing = false;
    status('');
  }
}

function isFinishing() {
  return latest && latest.status === 'FINISHED' && latest.accounts.MIGRATED > 0;
}

// --- migration -------------------------------------------------------------------------------

async function refreshMigrations() {
  const migrations = await api('/api/migrations?limit=10');
  const followed = migrations.find(m => m.id === selected) || migrations[0] || null;
  if (followed && latest && followed.id !== latest.id) {
    samples.length = 0;
  }
  latest = followed;
  renderProgress(followed);
  show('migrations', table(t('ops.latestMigrations'), [t('ops.requested'), t('ops.selector'), t('ops.state'),
    t('ops.accounts'), ''], migrations.map(m => [date(m.requestedAt, true),
    m.selector === 'REGION' ? `${t('ops.region')} ${m.region}` : t('selector.' + m.selector),
    t('status.' + m.status), number(m.total),
    el('button', {type: 'button', class: 'link', 'aria-label': t('ops.followLabel', {at: date(m.requestedAt, true)}),
      onclick: () => { selected = m.id; samples.length = 0; refreshMigrations(); }}, t('ops.follow'))]),
  t('ops.noMigrations')));
  pollRecovered();
}

function renderProgress(m) {
  if (!m) {
    show('progress-panel', el('p', {class: 'empty'}, t('ops.noMigrations')));
    return;
  }
  const done = m.accounts.COMPLETED;
  const all = m.total + 0;
  const percent = all === 0 ? 100 : Math.floor(100 * done / all);
  const now = Date.now();
  samples.push({now, done});
  while (samples.length > 2 && now - samples[0].now > 15_000) {
    samples.shift();
  }
  const first = samples[0];
  const rate = now > first.now ? (done - first.done) * 1000 / (now - first.now) : 0;
  const left = all - done;
  const eta = left === 0 ? t('ops.done') : rate > 0 ? duration(left / rate) : '–';
  const running = m.status === 'RUNNING';
  const action = m.status === 'FINISHED' ? null : el('button', {type: 'button', id: running ? 'pause' : 'resume',
    onclick: () => pauseOrResume(m.id, running ? 'pause' : 'resume')}, t(running ? 'ops.pause' : 'ops.resume'));
  show('progress-panel',
      el('p', {}, el('strong', {}, t('ops.following', {at: date(m.requestedAt, true)})), ' · ',
          el('span', {id: 'migration-status', 'data-status': m.status}, t('status.' + m.status)),
          m.selector === 'REGION' ? ` · ${t('ops.region')} ${m.region}` : ''),
      el('label', {for: 'migration-progress'}, t('ops.completedOf', {done: number(done), total: number(all)})),
      el('progress', {id: 'migration-progress', max: String(Math.max(all, 1)), value: String(all === 0 ? 1 : done)}),
      el('p', {id: 'progress-percent', 'data-percent': String(percent)}, `${percent} %`),
      el('dl', {class: 'figures'},
          ['PENDING', 'MIGRATED', 'COMPLETED'].map(state => [el('dt', {}, t('state.' + state)),
            el('dd', {id: 'count-' + state}, number(m.accounts[state]))]),
          el('dt', {}, t('ops.rate')), el('dd', {id: 'rate'}, t('ops.perSecond', {n: number(rate, 1)})),
          el('dt', {}, t('ops.eta')), el('dd', {id: 'eta'}, eta),
          m.alreadyMigrated ? [el('dt', {}, t('ops.alreadyMigrated')), el('dd', {}, number(m.alreadyMigrated))] : null,
          m.unknownAccountIds ? [el('dt', {}, t('ops.unknownIds')), el('dd', {}, number(m.unknownAccountIds))] : null),
      action);
}

function duration(seconds) {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor(s % 3600 / 60)} min`;
}

async function startMigration(event) {
  event.preventDefault();
  const region = document.getElementById('region').value;
  try {
    const started = await api('/api/migrations', {method: 'POST', body: region ? {region} : {all: true}});
    selected = started.id;
    samples.length = 0;
    status(t('ops.started'));
    await refreshMigrations();
  } catch (error) {
    status(error.message, 'error');
  }
}

async function pauseOrResume(id, action) {
  try {
    await api(`/api/migrations/${id}/${action}`, {method: 'POST'});
    await refreshMigrations();
  } catch (error) {
    status(error.message, 'error');
  }
}

// --- verification ----------------------------------------------------------------------------

/**
 * The three services' parts, each from one snapshot of its database, and their digests compared. Each
 * service answers from the totals it keeps as it writes; an audit recounts every account instead and
 * shows the kept totals beside the recount: a difference means they drifted, and fails it too.
 */
async function verify(audit) {
  show('verification-result', el('p', {}, t('common.loading')));
  try {
    const parts = await Promise.all(VERIFICATIONS.map(path => api(`${path}?listed=${LISTED}&audit=${audit}`)));
    const drifted = check => check.kept != null && check.kept !== check.failing;
    const rows = parts.flatMap(part => Object.entries(part.checks).map(([name, check]) => [part.service, name,
      el('span', {class: check.failing ? 'bad' : 'good'}, number(check.failing)),
      check.accounts.length ? check.accounts.join(', ') + (check.failing > check.accounts.length ? ', …' : '') : '–',
      audit ? el('span', {class: drifted(check) ? 'bad' : ''}, number(check.kept)) : check.answeredBy]));
    const reference = parts[0].digest;
    const same = parts.every(p => p.digest.accounts === reference.accounts && p.digest.hash === reference.hash);
    const driftedTotals = audit && parts.some(p => !p.totalsMatchRecount);
    const failing = parts.some(p => Object.values(p.checks).some(check => check.failing !== 0));
    const ok = !failing && same && !driftedTotals;
    show('verification-result',
        el('p', {id: 'verification-verdict', class: ok ? 'good' : 'bad', 'data-ok': String(ok), 'data-audit': String(audit)},
            ok ? t(audit ? 'ops.auditOk' : 'ops.verifyOk') : t('ops.verifyFailed')),
        el('p', {}, parts.map(p => t('ops.migratedIn', {service: p.service, n: number(p.migrated)})).join(' · ')),
        el('p', {class: same ? 'good' : 'bad'}, same ? t('ops.sameAccounts') : t('ops.differentAccounts')),
        ...(driftedTotals ? [el('p', {class: 'bad'}, t('ops.totalsDrifted'))] : []),
        table(t('ops.checks'), [t('ops.service'), t('ops.check'), t('ops.failing'), t('ops.failingAccounts'),
          audit ? t('ops.keptTotal') : t('ops.answeredBy')], rows));
  } catch (error) {
    show('verification-result', el('p', {class: 'bad'}, error.message));
  }
  refreshReconciliation();
}

async function refreshReconciliation() {
  try {
    const r = await api('/api/loyalty/reconciliation');
    const row = (label, value) => [el('dt', {}, label), el('dd', {}, value)];
    show('reconciliation', el('dl', {class: 'figures'},
        row(t('ops.agree'), el('span', {id: 'reconciliation-agree', class: r.agree ? 'good' : 'bad'}, r.agree ? t('ops.yes') : t('ops.no'))),
        row(t('ops.conversions'), number(r.conversions)),
        row(t('ops.pocoConverted'), number(r.pocoPointsConverted)),
        row(t('ops.miCredited'), number(r.miPointsCredited)),
        row(t('ops.miLedger'), number(r.miLedgerCredited)),
        row(t('ops.expired'), number(r.expiredPoints)),
        row(t('ops.withoutConversion'), number(r.migratedAccountsWithoutConversion))));
  } catch (error) {
    show('reconciliation', el('p', {class: 'bad'}, error.message));
  }
}

// --- dead letters ----------------------------------------------------------------------------

async function refreshLetters() {
  const sections = await Promise.all(Object.entries(CONSUMERS).map(async ([service, prefix]) => {
    try {
      return letters(service, prefix, await api(`${prefix}/dead-letters?limit=50`));
    } catch (error) {
      return el('p', {class: 'bad'}, `${service}: ${error.message}`);
    }
  }));
  show('letters', sections);
}

function letters(service, prefix, listing) {
  const replay = selection => async () => {
    try {
      const replayed = await api(`${prefix}/dead-letters/replay`, {method: 'POST', body: selection});
      status(t('ops.replayed', {applied: replayed.applied, again: replayed.failedAgain, already: replayed.alreadyApplied}));
    } catch (error) {
      status(error.message, 'error');
    }
    refreshLetters();
  };
  return el('div', {class: 'service-letters', 'data-service': service},
      el('h3', {}, t('ops.waitingIn', {service, n: number(listing.waiting)})),
      Object.keys(listing.byReason).length ? el('p', {}, Object.entries(listing.byReason)
          .map(([reason, n]) => `${reason}: ${number(n)}`).join(' · ')) : null,
      listing.waiting ? el('button', {type: 'button', onclick: replay({all: true})}, t('ops.replayAll', {service})) : null,
      table(t('ops.lettersOf', {service}), [t('ops.event'), t('ops.reason'), t('ops.attempts'), t('ops.lastFailed'), ''],
          listing.letters.map(l => [el('span', {}, l.type, el('br'), el('code', {}, l.eventId)),
            el('span', {}, el('strong', {}, l.reasonKind), ' ', l.reason),
            number(l.attempts), date(l.lastFailed, true),
            el('button', {type: 'button', class: 'replay', 'data-event': l.eventId,
              'aria-label': t('ops.replayOne', {event: l.eventId}), onclick: replay({eventIds: [l.eventId]})}, t('ops.replay'))]),
          t('ops.noLetters')));
}

// --- redirects -------------------------------------------------------------------------------

async function refreshRedirects() {
  const [rules, unmatched, hits] = await Promise.all([api('/admin/redirects/rules'),
    api('/admin/redirects/unmatched?limit=20'), api('/admin/redirects/hits?minutes=60')]);
  show('rules', table(t('ops.rules'), [t('ops.rule'), t('ops.hits'), t('ops.lastHit')],
      rules.map(r => [r.rule, number(r.hits), date(r.lastHit, true)]), t('ops.noHits')));
  show('unmatched', table(t('ops.unmatched'), [t('ops.url'), t('ops.hits')],
      unmatched.map(u => [el('code', {}, u.url), number(u.hits)]), t('ops.noUnmatched')));
  chart(hits);
  pollRecovered();
}

/** Hits per 10 s over the hour as an SVG bar chart, with its total and peak as the accessible text. */
function chart(intervals) {
  const ns = 'http://www.w3.org/2000/svg';
  const width = 720;
  const height = 160;
  const peak = Math.max(1, ...intervals.map(i => i.hits));
  const total = intervals.reduce((sum, i) => sum + i.hits, 0);
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height + 20}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('ops.chartLabel', {total: number(total), peak: number(peak)}));
  const bar = width / intervals.length;
  intervals.forEach((interval, i) => {
    if (interval.hits > 0) {
      const h = Math.max(1, height * interval.hits / peak);
      const rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', (i * bar).toFixed(2));
      rect.setAttribute('y', (height - h).toFixed(2));
      rect.setAttribute('width', Math.max(bar - 0.5, 0.5).toFixed(2));
      rect.setAttribute('height', h.toFixed(2));
      const title = document.createElementNS(ns, 'title');
      title.textContent = `${date(interval.from, true)}: ${number(interval.hits)}`;
      rect.append(title);
      svg.append(rect);
    }
  });
  const label = (x, anchor, text) => {
    const node = document.createElementNS(ns, 'text');
    node.setAttribute('x', x);
    node.setAttribute('y', height + 15);
    node.setAttribute('text-anchor', anchor);
    node.textContent = text;
    return node;
  };
  if (intervals.length) {
    svg.append(label(0, 'start', date(intervals[0].from, true)), label(width, 'end', date(intervals.at(-1).from, true)));
  }
  show('hits-chart', svg, el('figcaption', {id: 'hits-total', 'data-total': String(total)},
      t('ops.chartLabel', {total: number(total), peak: number(peak)})));
}

async function dryRun(event) {
  event.preventDefault();
  const url = document.getElementById('dry-run-url').value;
  const method = document.getElementById('dry-run-method').value;
  try {
    const answer = await api(`/admin/redirects/check?url=${encodeURIComponent(url)}&method=${method}`);
    show('dry-run-result', answer.legacyHost
        ? el('dl', {class: 'figures'},
            el('dt', {}, t('ops.answer')), el('dd', {id: 'dry-run-status'}, String(answer.status)),
            el('dt', {}, t('ops.target')), el('dd', {}, el('code', {id: 'dry-run-location'}, answer.location || '–')),
            el('dt', {}, t('ops.rule')), el('dd', {id: 'dry-run-rule'}, answer.rule + (answer.unmatched ? ` (${t('ops.unmatchedShort')})` : '')))
        : el('p', {id: 'dry-run-status'}, t('ops.notLegacy')));
  } catch (error) {
    show('dry-run-result', el('p', {class: 'bad'}, error.message));
  }
}
