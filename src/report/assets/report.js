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
    row[5] = text(row[5]);
    row[6] = text(row[6]);
    for (const cell of row[7]) {
      for (const check of cell[5]) if (check) check[1] = text(check[1]);
      for (const value of Object.values(cell[6])) value[1] = text(value[1]);
    }
  }
  // Row: [patient, age, sex, best status, things to obtain, obtain text, review text, cells];
  // cell: [trial index, status, unknown ids, review ids, failed ids, checks, values].
  const STATUS = ['likely-eligible', 'possibly-eligible', 'ineligible'];
  const CHECK = { p: 'pass', f: 'fail', u: 'unknown', r: 'review' };
  const PAGE_ROWS = 100;
  const REVIEW_SHOWN = 3;
  const state = { trial: '', status: 'candidates', patient: '', sort: undefined, page: 0 };
  let view = [];

  const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const ageOf = (row) => (row[1] === '' ? Infinity : parseInt(row[1], 10));
  // Most promising first: best status, fewest things to obtain, then patient id.
  const defaultOrder = (a, b) => a[3] - b[3] || a[4] - b[4] || byText(a[0], b[0]);
  const COLUMNS = {
    patient: (a, b) => byText(a[0], b[0]),
    age: (a, b) => ageOf(a) - ageOf(b) || defaultOrder(a, b),
    sex: (a, b) => byText(a[2], b[2]) || defaultOrder(a, b),
    status: defaultOrder,
    obtain: (a, b) => a[4] - b[4] || byText(a[5], b[5]) || defaultOrder(a, b),
    review: (a, b) => byText(a[6], b[6]) || defaultOrder(a, b),
  };

  /** The status the filter looks at: the chosen trial's, else the best over the trials. */
  function statusFor(row) {
    if (state.trial === '') return row[3];
    const cell = row[7].find((c) => c[0] === Number(state.trial));
    return cell ? cell[1] : undefined;
  }

  function keep(row) {
    const status = statusFor(row);
    if (status === undefined) return false;
    if (state.status === 'candidates' && status === 2) return false;
    if (state.status !== 'candidates' && state.status !== 'all' && status !== Number(state.status))
      return false;
    return !state.patient || row[0].toLowerCase().includes(state.patient);
  }

  function listTitle() {
    const trial = state.trial === '' ? '' : ` for ${trials[Number(state.trial)].id}`;
    if (state.status === 'candidates') return `Candidates${trial}`;
    if (state.status === 'all') return `All patients${trial}`;
    if (state.status === '2' && state.trial === '') return 'Ineligible for every trial';
    return `${STATUS[Number(state.status)]}${trial || ' for some trial'}`;
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

  function trialBadges(index, row) {
    const td = document.createElement('td');
    td.className = 'trials';
    for (const c of row[7]) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = `trial-open badge s${c[1]}`;
      button.dataset.row = String(index);
      button.dataset.trial = trials[c[0]].id;
      button.textContent = `${trials[c[0]].id}: ${STATUS[c[1]]}`;
      button.setAttribute(
        'aria-label',
        `checklist of patient ${row[0]} for ${trials[c[0]].id}, ${STATUS[c[1]]}`,
      );
      td.appendChild(button);
    }
    return td;
  }

  /** The first few items of a long list (the checklist and the tooltip have them all). */
  function shortList(items) {
    const all = items ? items.split('; ') : [];
    if (all.length <= REVIEW_SHOWN) return items;
    return `${all.slice(0, REVIEW_SHOWN).join('; ')}; … ${all.length - REVIEW_SHOWN} more (checklist)`;
  }

  function renderRow(index) {
    const row = rows[index];
    const tr = document.createElement('tr');
    tr.dataset.row = String(index);
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'open';
    open.textContent = row[0];
    open.setAttribute('aria-label', `checklists of patient ${row[0]}`);
    open.dataset.row = String(index);
    cell(tr, '').appendChild(open);
    cell(tr, row[1]);
    cell(tr, row[2]);
    tr.appendChild(trialBadges(index, row));
    cell(tr, row[5], 'obtain');
    const review = cell(tr, shortList(row[6]), 'obtain');
    if (review.textContent !== row[6]) review.title = row[6];
    return tr;
  }

  function render() {
    const pages = Math.max(1, Math.ceil(view.length / PAGE_ROWS));
    state.page = Math.min(state.page, pages - 1);
    const start = state.page * PAGE_ROWS;
    const body = document.querySelector('#wl tbody');
    body.replaceChildren(...view.slice(start, start + PAGE_ROWS).map(renderRow));
    $('wl-count').textContent =
      `${view.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} patients`;
    $('wl-list').textContent = listTitle();
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

  function trialSection(row, c) {
    const trial = trials[c[0]];
    const section = document.createElement('section');
    section.className = 'cl-trial';
    section.dataset.trial = trial.id;
    const h = document.createElement('h3');
    h.append(`${trial.id} — ${trial.title} `, statusBadge(STATUS[c[1]], `s${c[1]}`));
    const list = document.createElement('ol');
    list.className = 'checklist';
    trial.criteria.forEach((criterion, i) =>
      list.appendChild(criterionItem(trial, criterion, c[5][i], c[6])),
    );
    section.append(h, list);
    if (trial.sharedReview.length) {
      const shared = document.createElement('p');
      shared.className = 'shared';
      shared.textContent = `Review items every candidate shares: ${trial.sharedReview.map((s) => `${s.id} ${s.label}`).join(', ')}.`;
      section.appendChild(shared);
    }
    return section;
  }

  /** Every trial of the patient; `trialId` scrolls to that trial's checklist. */
  function checklistOf(index) {
    const row = rows[index];
    const who = [row[1] && `age ${row[1]}`, row[2]].filter(Boolean).join(', ');
    const legend = document.createElement('p');
    legend.className = 'legend';
    legend.innerHTML =
      'In the CQL: <span class="ref" data-truth="true">true / some records</span> <span class="ref" data-truth="false">false / none</span> <span class="ref" data-truth="null">null / unknown</span> <span class="ref" data-truth="value">a value</span>';
    const summary = document.createElement('p');
    summary.className = 'cl-summary';
    summary.textContent = [row[5] && `Data to obtain: ${row[5]}.`, row[6] && `To review: ${row[6]}.`]
      .filter(Boolean)
      .join(' ');
    return {
      title: `Patient ${row[0]}${who ? ` (${who})` : ''}`,
      nodes: [summary, legend, ...row[7].map((c) => trialSection(row, c))],
    };
  }

  let opener;
  function openChecklist(index, from, trialId) {
    opener = from;
    const { title, nodes } = checklistOf(index);
    $('cl-title').textContent = title;
    $('cl-body').replaceChildren(...nodes);
    $('checklist').showModal();
    $('cl-close').focus();
    const target = trialId && $('cl-body').querySelector(`section[data-trial="${CSS.escape(trialId)}"]`);
    if (target) target.scrollIntoView();
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

  /** A one-patient page (`trialcds explain --html`): the checklist is the page. */
  function showPatient() {
    const { title, nodes } = checklistOf(0);
    $('cl-title').textContent = title;
    $('cl-body').replaceChildren(...nodes);
  }

  function wireWorklist() {
    document.querySelector('#wl thead').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-sort]');
      if (button) sortBy(button.dataset.sort);
    });
    const body = document.querySelector('#wl tbody');
    body.addEventListener('click', (e) => {
      const button = e.target.closest('button.open, button.trial-open');
      if (button) openChecklist(Number(button.dataset.row), button, button.dataset.trial);
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
  }

  if ($('wl')) wireWorklist();
  else showPatient();
})();
