// The report page's script: the worklist (filter, sort, pages) and the checklist dialog. Plain DOM,
// no framework, nothing fetched. Data come from the two JSON script elements the builder wrote;
// every text from the data is set with textContent (never parsed as HTML). The CQL snippets are
// HTML the builder escaped from the trial's own ELM.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const trials = JSON.parse($('report-trials').textContent);
  const rows = JSON.parse($('report-rows').textContent);
  const strings = JSON.parse($('report-strings').textContent);
  // Texts arrive as indexes into the string table (or as strings when it was full): resolve once.
  const text = (t) => (typeof t === 'number' ? strings[t] : t);
  for (const row of rows) {
    row[6] = text(row[6]);
    for (const check of row[7]) if (check) check[1] = text(check[1]);
    for (const value of Object.values(row[8])) value[1] = text(value[1]);
  }
  const STATUS = ['likely-eligible', 'possibly-eligible', 'ineligible'];
  const CHECK = { p: 'pass', f: 'fail', u: 'unknown', r: 'review' };
  const PAGE_ROWS = 100;
  const state = { trial: '', status: 'candidates', patient: '', sort: undefined, page: 0 };
  let view = [];

  const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  // Most promising first: status, fewest unknowns, then patient id and trial order.
  const defaultOrder = (a, b) =>
    a[2] - b[2] || a[3].length - b[3].length || byText(a[0], b[0]) || a[1] - b[1];
  const COLUMNS = {
    patient: (a, b) => byText(a[0], b[0]) || a[1] - b[1],
    trial: (a, b) => byText(trials[a[1]].id, trials[b[1]].id) || defaultOrder(a, b),
    status: defaultOrder,
    unknown: (a, b) =>
      a[3].length - b[3].length || byText(a[3].join(' '), b[3].join(' ')) || defaultOrder(a, b),
    review: (a, b) =>
      a[4].length - b[4].length || byText(a[4].join(' '), b[4].join(' ')) || defaultOrder(a, b),
    obtain: (a, b) => byText(a[6], b[6]) || defaultOrder(a, b),
  };

  function keep(row) {
    if (state.trial !== '' && row[1] !== Number(state.trial)) return false;
    if (state.status === 'candidates' && row[2] === 2) return false;
    if (state.status !== 'candidates' && state.status !== 'all' && row[2] !== Number(state.status))
      return false;
    return !state.patient || row[0].toLowerCase().includes(state.patient);
  }

  function compute() {
    const compare = state.sort ? COLUMNS[state.sort.key] : defaultOrder;
    const dir = state.sort && state.sort.dir === 'descending' ? -1 : 1;
    view = [];
    for (let i = 0; i < rows.length; i++) if (keep(rows[i])) view.push(i);
    view.sort((a, b) => dir * compare(rows[a], rows[b]) || a - b);
    state.page = 0;
  }

  function cell(tr, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    tr.appendChild(td);
    return td;
  }

  function statusBadge(label, kind) {
    const span = document.createElement('span');
    span.className = `badge ${kind}`;
    span.textContent = label;
    return span;
  }

  function renderRow(index) {
    const row = rows[index];
    const tr = document.createElement('tr');
    tr.dataset.row = String(index);
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'open';
    open.textContent = row[0];
    open.setAttribute('aria-label', `checklist of patient ${row[0]} for ${trials[row[1]].id}`);
    open.dataset.row = String(index);
    cell(tr, '').appendChild(open);
    cell(tr, trials[row[1]].id);
    cell(tr, '').appendChild(statusBadge(STATUS[row[2]], `s${row[2]}`));
    cell(tr, row[3].join(' '), 'ids');
    cell(tr, row[4].join(' '), 'ids');
    cell(tr, row[6], 'obtain');
    return tr;
  }

  function render() {
    const pages = Math.max(1, Math.ceil(view.length / PAGE_ROWS));
    state.page = Math.min(state.page, pages - 1);
    const start = state.page * PAGE_ROWS;
    const body = document.querySelector('#wl tbody');
    body.replaceChildren(...view.slice(start, start + PAGE_ROWS).map(renderRow));
    $('wl-count').textContent =
      `${view.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} rows`;
    $('wl-page').textContent = `page ${state.page + 1} of ${pages}`;
    $('wl-prev').disabled = state.page === 0;
    $('wl-next').disabled = state.page >= pages - 1;
  }

  function refresh() {
    compute();
    render();
  }

  function sortBy(key) {
    const same = state.sort && state.sort.key === key;
    state.sort = { key, dir: same && state.sort.dir === 'ascending' ? 'descending' : 'ascending' };
    for (const button of document.querySelectorAll('#wl th button')) {
      button.parentElement.setAttribute('aria-sort', button.dataset.sort === key ? state.sort.dir : 'none');
    }
    refresh();
  }

  function valueBadge(value) {
    const span = document.createElement('span');
    span.className = 'val';
    span.textContent = ` = ${value[1]}`;
    return span;
  }

  /** The define's CQL with each referenced define coloured by its value (true / false / null / value). */
  function cqlBlock(trial, define, values) {
    const html = trial.cql[define];
    if (html === undefined) return undefined;
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = `CQL define "${define}"`;
    const pre = document.createElement('pre');
    pre.className = 'cql';
    pre.innerHTML = html;
    for (const ref of pre.querySelectorAll('span.ref')) {
      const value = values[ref.dataset.ref];
      if (!value) continue;
      ref.dataset.truth = value[0];
      ref.title = value[1];
      ref.after(valueBadge(value));
    }
    details.append(summary, pre);
    return details;
  }

  function criterionItem(trial, criterion, check, values) {
    const li = document.createElement('li');
    li.className = `crit depth${criterion.depth}`;
    li.dataset.criterion = criterion.id;
    const status = check ? CHECK[check[0]] : 'not reported';
    li.dataset.status = status;
    const head = document.createElement('div');
    head.className = 'crit-head';
    const id = document.createElement('strong');
    id.textContent = `${criterion.id} `;
    const text = document.createElement('span');
    text.className = 'crit-text';
    text.textContent = `(${criterion.kind}) ${criterion.text}`;
    head.append(statusBadge(status, `c-${status.replace(' ', '-')}`), ' ', id, text);
    li.appendChild(head);
    if (check) {
      const reason = document.createElement('div');
      reason.className = 'reason';
      reason.textContent = check[1];
      li.appendChild(reason);
      if (check[2].length) {
        const evidence = document.createElement('div');
        evidence.className = 'evidence';
        evidence.textContent = `evidence: ${check[2].join(', ')}`;
        li.appendChild(evidence);
      }
    }
    const cql = criterion.define ? cqlBlock(trial, criterion.define, values) : undefined;
    if (cql) li.appendChild(cql);
    return li;
  }

  let opener;
  function openChecklist(index, from) {
    const row = rows[index];
    const trial = trials[row[1]];
    opener = from;
    $('cl-title').textContent = `Patient ${row[0]} · ${trial.id} · ${STATUS[row[2]]}`;
    const intro = document.createElement('p');
    intro.textContent = trial.title;
    const legend = document.createElement('p');
    legend.className = 'legend';
    legend.innerHTML =
      'In the CQL: <span class="ref" data-truth="true">true / some records</span> <span class="ref" data-truth="false">false / none</span> <span class="ref" data-truth="null">null / unknown</span> <span class="ref" data-truth="value">a value</span>';
    const list = document.createElement('ol');
    list.className = 'checklist';
    trial.criteria.forEach((c, i) => list.appendChild(criterionItem(trial, c, row[7][i], row[8])));
    $('cl-body').replaceChildren(intro, legend, list);
    $('checklist').showModal();
    $('cl-close').focus();
  }

  function closeChecklist() {
    $('checklist').close();
  }

  function moveFocus(button, step) {
    const tr = button.closest('tr');
    const next = step > 0 ? tr.nextElementSibling : tr.previousElementSibling;
    const target = next && next.querySelector('button.open');
    if (target) target.focus();
  }

  document.querySelector('#wl thead').addEventListener('click', (e) => {
    const button = e.target.closest('button[data-sort]');
    if (button) sortBy(button.dataset.sort);
  });
  const body = document.querySelector('#wl tbody');
  body.addEventListener('click', (e) => {
    const button = e.target.closest('button.open');
    if (button) openChecklist(Number(button.dataset.row), button);
  });
  body.addEventListener('keydown', (e) => {
    const button = e.target.closest('button.open');
    if (!button) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      moveFocus(button, e.key === 'ArrowDown' ? 1 : -1);
    }
  });
  $('f-trial').addEventListener('change', (e) => {
    state.trial = e.target.value;
    refresh();
  });
  $('f-status').addEventListener('change', (e) => {
    state.status = e.target.value;
    refresh();
  });
  let typing;
  $('f-patient').addEventListener('input', (e) => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.patient = e.target.value.trim().toLowerCase();
      refresh();
    }, 120);
  });
  $('wl-prev').addEventListener('click', () => {
    state.page--;
    render();
  });
  $('wl-next').addEventListener('click', () => {
    state.page++;
    render();
  });
  $('cl-close').addEventListener('click', closeChecklist);
  $('checklist').addEventListener('close', () => {
    if (opener && opener.isConnected) opener.focus();
  });
  refresh();
})();
