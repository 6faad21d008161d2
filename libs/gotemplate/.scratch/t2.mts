import { renderTemplate } from '../src/index.ts';
import { parse } from 'yaml';
const payloads = ['eks\n  injected: true', '": x', 'a # b', '#x', '{a: 1}', '[1]', '*alias', '&anchor', '!!tag', '---', '  lead', 'a\u2028injected: true', 'a\u0085b', "it's", 'a"b\\', 'true', '1.0', 'yes', '', 'x: y', '- a', '|', '>', '%x', '@x', '`x', 'a\r\nb: c', '\t', 'é€😀', 'null', '0755', '2024-01-01'];
const tpls = [
  'k: {{ .v }}\nother: 1\n',
  'k: pre-{{ .v }}-post\nother: 1\n',
  'k: "{{ .v }}"\nother: 1\n',
  "k: '{{ .v }}'\nother: 1\n",
  '# c {{ .v }}\nk: 1\nother: 1\n',
  'k: |\n  line {{ .v }}\n  end\nother: 1\n',
  'l:\n  - {{ .v }}\nother: 1\n',
  'k: [{{ .v }}, x]\nother: 1\n',
  'k: {a: {{ .v }}}\nother: 1\n',
  'k: {{ .v | quote }}\nother: 1\n',
  'k: {{ toYaml .v }}\nother: 1\n',
  'k:{{ .v | nindent 2 }}\nother: 1\n',
  'k: |{{ .v | nindent 2 }}\nother: 1\n',
  '{{ .v }}: 1\nother: 1\n',
];
for (const t of tpls) for (const v of payloads) {
  let out = '';
  try { out = renderTemplate(t, { v }, 't'); } catch (e) { console.log('ERR', JSON.stringify(t), JSON.stringify(v), (e as Error).message); continue; }
  let doc: any;
  try { doc = parse(out); } catch (e) { console.log('PARSEFAIL', JSON.stringify(t), JSON.stringify(v), JSON.stringify(out)); continue; }
  const keys = Object.keys(doc ?? {});
  const extra = keys.filter((k) => !['k', 'l', 'other', v].includes(k));
  if (extra.length || doc.other !== 1) console.log('INJECT', JSON.stringify(t), JSON.stringify(v), JSON.stringify(out));
  else if (JSON.stringify(doc.k ?? doc.l?.[0] ?? Object.keys(doc)[0]) !== JSON.stringify(v)) console.log("VAL", JSON.stringify(t).slice(0, 30), JSON.stringify(v), JSON.stringify(out.split("\n").slice(0, 2).join("⏎")), JSON.stringify(doc.k ?? doc.l ?? doc));
}
