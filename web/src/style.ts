/** The UI's one stylesheet, served at /static/style.css (the CSP allows no inline style). */
export const STYLESHEET = `
:root { --ink: #1d1d1f; --muted: #6b6b70; --line: #e3e3e6; --accent: #0b5cad; --mark: #fff1a8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fafafa; }
header.site { display: flex; gap: 1rem; align-items: baseline; padding: .8rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; font-size: 1.25rem; color: var(--ink); text-decoration: none; }
.tagline { color: var(--muted); font-size: .9rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
a { color: var(--accent); }
form.search { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
.query { display: flex; gap: .5rem; }
.query input[type=search] { flex: 1; font-size: 1.1rem; padding: .5rem .7rem; border: 1px solid #c8c8cc; border-radius: 6px; }
button { font-size: 1rem; padding: .5rem 1rem; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
.options { display: flex; flex-wrap: wrap; gap: 1rem 1.5rem; margin-top: .8rem; font-size: .9rem; align-items: center; }
.options fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: .6rem; }
.options legend { float: left; margin-right: .4rem; color: var(--muted); }
.options label { white-space: nowrap; }
.options select, .options input[type=date] { font-size: .9rem; padding: .2rem; }
.syntax-help { margin-top: .6rem; font-size: .85rem; color: var(--muted); }
.syntax-help summary { cursor: pointer; }
.syntax-help table { border-collapse: collapse; margin-top: .3rem; font-size: inherit; }
.syntax-help td { padding: .15rem 1rem .15rem 0; vertical-align: top; }
.syntax-help code { color: #1d1d1f; background: #f1f1f4; padding: 0 .25rem; border-radius: 3px; }
.layout { display: grid; grid-template-columns: 14rem 1fr; gap: 1.5rem; }
@media (max-width: 50rem) { .layout { grid-template-columns: 1fr; } }
aside.facets h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 1rem 0 .3rem; }
aside.facets ul { list-style: none; padding: 0; margin: 0; font-size: .9rem; }
aside.facets li { display: flex; justify-content: space-between; gap: .5rem; padding: .1rem 0; }
aside.facets li.active a { font-weight: 700; }
.count { color: var(--muted); font-variant-numeric: tabular-nums; }
.summary-line { color: var(--muted); font-size: .9rem; margin: 0 0 .8rem; }
.notice, .error { padding: .6rem .8rem; border-radius: 6px; margin-bottom: 1rem; }
.notice { background: #fff7e0; border: 1px solid #f0d98c; }
.error { background: #fdecec; border: 1px solid #f1b5b5; }
ol.results { list-style: none; padding: 0; margin: 0; }
ol.results li { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; margin-bottom: .7rem; }
ol.results h3 { margin: 0 0 .2rem; font-size: 1.1rem; }
ol.results h3 a { text-decoration: none; }
.meta { color: var(--muted); font-size: .85rem; }
.snippet { margin: .35rem 0 0; }
mark { background: var(--mark); padding: 0 .1em; }
.scores { font-size: .75rem; color: var(--muted); }
nav.pages { display: flex; gap: .4rem; flex-wrap: wrap; margin-top: 1rem; }
nav.pages a, nav.pages span { padding: .2rem .6rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; text-decoration: none; }
nav.pages span.current { background: var(--accent); color: #fff; }
article.full { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1.5rem 2rem; }
article.full h1 { margin-top: 0; line-height: 1.2; }
article.full .lead { font-weight: 600; font-size: 1.1rem; }
article.full .body p { margin: 0 0 1rem; }
.article-layout { display: grid; grid-template-columns: 1fr 20rem; gap: 1.5rem; align-items: start; }
@media (max-width: 60rem) { .article-layout { grid-template-columns: 1fr; } }
aside.related { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
aside.related h2 { font-size: 1rem; margin: 0 0 .5rem; }
aside.related ol { padding-left: 1.2rem; margin: 0; }
aside.related li { margin-bottom: .6rem; }
.account { margin-left: auto; display: flex; gap: .8rem; align-items: baseline; font-size: .9rem; color: var(--muted); }
.account strong { color: var(--ink); }
form.inline { display: inline; margin: 0; }
button.link-button { background: none; color: var(--accent); padding: 0; font-size: inherit; text-decoration: underline; }
button.secondary { background: #fff; color: var(--accent); border: 1px solid var(--accent); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
ul.tags { list-style: none; padding: 0; margin: .4rem 0; display: flex; flex-wrap: wrap; gap: .3rem; }
ul.tags li { display: inline-flex; align-items: center; background: #eef2f8; border-radius: 4px; padding: 0 .4rem; font-size: .8rem; }
ul.tags a { text-decoration: none; }
ol.results ul.tags { margin-bottom: 0; }
ul.tags a:hover { text-decoration: underline; }
ul.tags.editable li { font-size: .9rem; padding-right: 0; }
ul.tags button.remove { background: none; color: var(--muted); padding: 0 .45rem; font-size: 1rem; line-height: 1.4; }
ul.tags button.remove:hover { color: #b3261e; }
.tag-editor { border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); padding: .6rem 0; margin: .8rem 0 1rem; }
.tag-editor h2, .editing h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 0 0 .4rem; }
.add-tags { display: flex; gap: .5rem; align-items: center; margin-top: .5rem; font-size: .9rem; }
.add-tags input { flex: 1; max-width: 28rem; padding: .35rem .5rem; border: 1px solid #c8c8cc; border-radius: 6px; font-size: .95rem; }
.add-tags button { padding: .35rem .8rem; font-size: .9rem; }
.editing { display: grid; grid-template-columns: 3fr 2fr; gap: 1rem; margin-top: 1rem; }
@media (max-width: 60rem) { .editing { grid-template-columns: 1fr; } }
.editing section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
ol.suggestion-list { list-style: none; padding: 0; margin: 0; }
li.suggestion { padding: .5rem 0; border-bottom: 1px solid var(--line); }
li.suggestion:last-child { border-bottom: 0; }
.suggestion-head { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
.suggestion-head strong { margin-right: auto; }
.suggestion-head button { padding: .2rem .7rem; font-size: .85rem; }
.badge { font-size: .7rem; text-transform: uppercase; letter-spacing: .04em; color: #7a5a00; background: #fff7e0; border: 1px solid #f0d98c; border-radius: 4px; padding: 0 .3rem; }
ul.reasons { margin: .3rem 0 0; padding-left: 1.1rem; font-size: .85rem; color: var(--muted); }
ul.voters { margin: .2rem 0; padding-left: 1rem; }
.tag-history ol { list-style: none; padding: 0; margin: 0; font-size: .85rem; }
.tag-history li { padding: .35rem 0; border-bottom: 1px solid var(--line); }
.tag-history li:last-child { border-bottom: 0; }
.tag-history .after { font-weight: 600; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1.2rem 1.5rem; }
.panel h1 { margin-top: 0; font-size: 1.5rem; }
.panel.narrow { max-width: 30rem; margin: 2rem auto; }
form.stacked { display: flex; flex-direction: column; gap: .4rem; max-width: 32rem; }
form.stacked label { font-weight: 600; font-size: .9rem; margin-top: .4rem; }
form.stacked input[type=text], form.stacked input[type=password] { padding: .45rem .6rem; border: 1px solid #c8c8cc; border-radius: 6px; font-size: 1rem; }
form.stacked button { align-self: flex-start; margin-top: .6rem; }
form.bulk-link { float: right; margin-left: 1rem; }
form.bulk-link button { padding: .3rem .8rem; font-size: .85rem; }
dl.terms { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; font-size: .95rem; }
dl.terms dt { color: var(--muted); }
dl.terms dd { margin: 0; }
.count-line { font-size: 1.25rem; font-weight: 700; margin: .5rem 0 1rem; }
.panel h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
form.job-start { display: flex; flex-wrap: wrap; gap: .8rem 1.2rem; align-items: flex-start; }
form.job-start .field { display: flex; flex-direction: column; gap: .25rem; max-width: 20rem; }
form.job-start label { font-weight: 600; font-size: .9rem; }
form.job-start select, form.job-start input { padding: .4rem .5rem; border: 1px solid #c8c8cc; border-radius: 6px; font-size: .95rem; }
form.job-start .meta { font-size: .78rem; }
form.job-start button { margin-top: 1.6rem; }
form.job-start .notice { flex-basis: 100%; margin: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.table-scroll { overflow-x: auto; }
table.jobs-table { width: 100%; border-collapse: collapse; font-size: .9rem; }
table.jobs-table th { text-align: left; font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); border-bottom: 2px solid var(--line); padding: .4rem .5rem; }
table.jobs-table td { vertical-align: top; border-bottom: 1px solid var(--line); padding: .55rem .5rem; }
table.jobs-table tr.empty td { color: var(--muted); text-align: center; padding: 1rem; }
table.jobs-table code { font-size: .8rem; }
.job-state { display: inline-block; font-size: .75rem; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; border-radius: 4px; padding: 0 .4rem; border: 1px solid; white-space: nowrap; }
.job-state-queued { color: #55555a; background: #f1f1f3; border-color: #d5d5da; }
.job-state-running { color: #0b4f94; background: #e8f1fb; border-color: #a9c8ea; }
.job-state-succeeded { color: #1f6b35; background: #e8f6ec; border-color: #a6d8b4; }
.job-state-failed { color: #9b1c14; background: #fdecec; border-color: #f1b5b5; }
.job-state-cancelled { color: #7a5a00; background: #fff7e0; border-color: #f0d98c; }
.job-progress-cell { white-space: nowrap; }
progress.job-progress { width: 7rem; height: .8rem; vertical-align: middle; accent-color: var(--accent); }
.progress-text { margin-left: .4rem; font-variant-numeric: tabular-nums; white-space: nowrap; }
.job-times { white-space: nowrap; font-size: .8rem; }
.job-failure { color: #9b1c14; }
dl.job-result { display: grid; grid-template-columns: max-content 1fr; gap: 0 .6rem; margin: 0; font-size: .85rem; }
dl.job-result dt { color: var(--muted); }
dl.job-result dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
form.job-cancel button { padding: .2rem .7rem; font-size: .85rem; }
figure.coverage { margin: 0 0 1rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .6rem 1rem .4rem; }
figure.coverage figcaption { font-size: .85rem; color: var(--muted); }
figure.coverage .hint { font-size: .8rem; }
svg#coverage-chart { display: block; width: 100%; height: auto; max-height: 14rem; }
svg#coverage-chart text { font-size: 12px; fill: var(--muted); font-variant-numeric: tabular-nums; }
svg#coverage-chart text.y-label { text-anchor: end; }
svg#coverage-chart text.x-label { text-anchor: middle; }
svg#coverage-chart line.axis { stroke: #b5b5ba; }
svg#coverage-chart line.grid { stroke: var(--line); stroke-dasharray: 4 4; }
svg#coverage-chart a.bar rect.hit { fill: transparent; }
svg#coverage-chart a.bar rect.fill { fill: var(--accent); opacity: .8; }
svg#coverage-chart a.bar:hover rect.hit, svg#coverage-chart a.bar:focus-visible rect.hit { fill: #eef2f8; }
svg#coverage-chart a.bar:hover rect.fill, svg#coverage-chart a.bar:focus-visible rect.fill { opacity: 1; }
svg#coverage-chart a.bar:focus-visible { outline: none; }
svg#coverage-chart a.bar:focus-visible rect.hit { stroke: var(--accent); stroke-width: 2; }
code { font-size: .9em; background: #f1f1f3; padding: 0 .2em; border-radius: 3px; }
.related .reason { font-size: .8rem; color: #555; margin-top: .15rem; }
.versions { font-size: .85rem; color: #555; margin: .2rem 0; }
.timeline-title { margin-bottom: .2rem; }
ol.timeline { list-style: none; padding: 0; border-left: 3px solid #d0d7e2; margin-left: .5rem; }
ol.timeline > li { position: relative; padding: .2rem 0 1rem 1.2rem; }
ol.timeline > li::before { content: ''; position: absolute; left: -.45rem; top: .55rem; width: .6rem; height: .6rem; border-radius: 50%; background: #5b7db1; }
ol.timeline > li.current::before { background: #c0392b; }
ol.timeline > li.current h2 { color: #c0392b; }
ol.timeline h2 { font-size: 1.05rem; margin: .1rem 0; }
ol.timeline time { font-size: .85rem; color: #555; font-weight: 600; }
.timeline-gap { color: #888; font-style: italic; font-size: .85rem; margin: 0 0 .6rem -1.2rem; padding-left: .8rem; }
`;
