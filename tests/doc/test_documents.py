"""nqpf run's paper documents, read back with tools we did not write:
report.docx with python-docx (every table's cells = the CSV's values
rounded as printed, captions numbered, three-line rules, fonts), and
LibreOffice converts it to a PDF; tables.xlsx with openpyxl (a sheet per
table, every number = the CSV's value exactly, bold frozen header);
report.tex compiled by xelatex (in a temporary copy).  Same inputs give
the same bytes.  The significance stars are re-derived here from the p
columns."""
import csv
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import docx
import openpyxl

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", ".")
PROJECT = os.path.join(ROOT, "data", "nqpf_project.ini")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report as check  # noqa: E402


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def is_num(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


tmp = tempfile.mkdtemp(prefix="nqpf-docs-test-")
reps = {}
for lang in ("zh", "en"):
    out = os.path.join(tmp, "rep_" + lang)
    p = subprocess.run([NQPF, "run", PROJECT, "--out", out, "--quiet", "--lang", lang], capture_output=True, text=True)
    check(p.returncode == 0, "run (%s): bundled project succeeds" % lang, p.stderr)
    reps[lang] = out
rep = reps["zh"]
T = os.path.join(rep, "tables")

# the paper tables, in the order report.tex inputs them (= the order of report.docx)
with open(os.path.join(rep, "report.tex"), encoding="utf-8") as fh:
    tex = fh.read()
printed = re.findall(r"\\input\{tables/([^}]+)\.tex\}", tex)
check(len(printed) >= 10 and all(os.path.exists(os.path.join(T, n + ".csv")) for n in printed),
      "report.tex inputs every paper table (%d), each with its CSV" % len(printed), printed)
for need in ("system", "score_matrix", "gini_summary", "obstacle_top", "coupling_classes", "gm_accuracy", "beta",
             "moran"):
    check(need in printed, "paper table %s is printed" % need)

# ---- report.docx ---------------------------------------------------------
d = docx.Document(os.path.join(rep, "report.docx"))
check(len(d.tables) == len(printed), "docx: one table per paper table", (len(d.tables), len(printed)))
allcaps = [p.text for p in d.paragraphs if p.style.name.lower() == "caption"]
caps = [c for c in allcaps if c.startswith("表")]
check(len(caps) == len(printed) and all(c.startswith("表 %d  " % (i + 1)) for i, c in enumerate(caps)),
      "docx: table captions numbered 表 1 … 表 %d" % len(printed), caps[:3])
# every figure of the page is embedded, numbered 图 1 … 图 n, as a 300 dpi PNG of figures/
figs = sorted(f for f in os.listdir(os.path.join(rep, "figures")) if f.endswith(".png"))
fcaps = [c for c in allcaps if c.startswith("图")]
check(len(fcaps) == len(figs) and all(c.startswith("图 %d  " % (i + 1)) for i, c in enumerate(fcaps)),
      "docx: figure captions numbered 图 1 … 图 %d" % len(figs), fcaps[:3])
with zipfile.ZipFile(os.path.join(rep, "report.docx")) as z:
    media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
    same = len(media) == len(figs) and all(
        z.read("word/media/image%d.png" % (i + 1)) == open(os.path.join(rep, "figures", f), "rb").read()
        for i, f in enumerate(figs))
check(same, "docx: the embedded images are the figures' PNG files, in order", (len(media), len(figs)))
# the caption of table i is the paragraph right before it in the body
body = d.element.body
kinds = [el.tag.split("}")[1] for el in body]
ok = True
ti = 0
for k, el in enumerate(body):
    if kinds[k] == "tbl":
        prev = "".join(t.text or "" for t in body[k - 1].iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        ok &= prev.startswith("表 %d  " % (ti + 1))
        ti += 1
check(ok and ti == len(printed), "docx: each table directly under its numbered caption")

STARS = {"beta": ("coef", "p"), "moran": ("I", None)}


def stars(p):
    return "" if math.isnan(p) else "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.1 else ""


# the Chinese report prints these column names in Chinese (the CSV keeps the names)
ZH = {"model": "模型", "term": "变量", "coef": "系数", "se": "标准误", "t": "t值", "p": "p值", "n": "样本数",
      "r2": "R²", "speed": "收敛速度", "half_life": "半衰期", "province": "地区", "year": "年份", "period": "年份",
      "efficiency": "效率", "status": "状态", "unit": "单位", "name": "名称", "from": "起始期", "to": "结束期",
      "steps": "期数", "mean_dln_tfp": "TFP平均增长率", "tfp_index_last": "末期TFP指数", "kind": "类别",
      "index": "设定", "mean": "均值", "sd": "标准差", "cv": "变异系数", "sd_log": "对数标准差", "perm_p": "置换p值",
      "z": "z值"}
# ... and machine values of text cells by their Chinese names (the CSV keeps the values)
CELL_ZH = {("kind", "period"): "分期", ("kind", "unit"): "地区", ("kind", "all"): "总体", ("unit", "mean"): "均值",
           ("model", "beta_abs"): "绝对β收敛（截面）", ("model", "beta_cond"): "条件β收敛（截面）",
           ("model", "panel_abs"): "绝对β收敛（面板）", ("model", "panel_cond"): "条件β收敛（面板）",
           ("term", "const"): "常数项", ("term", "_cons"): "常数项", ("term", "ln_y0"): "初期ln y",
           ("term", "ln_y_lag"): "滞后一期ln y", ("status", "ok"): "正常"}
VARIANT_ZH = {"malmquist": "Malmquist指数", "radial": "径向", "in": "投入导向", "out": "产出导向", "vrs": "规模报酬可变",
              "crs": "规模报酬不变", "contemporaneous": "当期前沿", "sequential": "序列前沿", "global": "全局前沿"}


def cell_zh(col, v):
    """The printed text of a machine value: a Chinese name, or a variant
    label (malmquist-radial-in-...) part by part."""
    if (col, v) in CELL_ZH:
        return CELL_ZH[(col, v)]
    parts = v.split("-")
    if col == "index" and len(parts) > 1 and all(p in VARIANT_ZH for p in parts):
        return "，".join(VARIANT_ZH[p] for p in parts)
    return v


bad = []
for name, tb in zip(printed, d.tables):
    head, rows = read_csv(os.path.join(T, name + ".csv"))
    cells = [[c.text for c in r.cells] for r in tb.rows]
    if cells[0] != [ZH.get(h, h) for h in head]:
        bad.append((name, "header", cells[0], head))
        continue
    if len(cells) - 1 != len(rows):
        bad.append((name, "rows", len(cells) - 1, len(rows)))
        continue
    for i, (dr, cr) in enumerate(zip(cells[1:], rows)):
        for j, (dv, cv) in enumerate(zip(dr, cr)):
            if cv == "":
                if dv != "":
                    bad.append((name, i, j, dv, cv))
                continue
            cv = cell_zh(head[j], cv)
            s = dv.rstrip("*")
            nst = len(dv) - len(s)
            if is_num(cv) and re.fullmatch(r"-?\d+(\.\d+)?", s) and not re.fullmatch(r"-?\d+", cv) or \
                    (is_num(cv) and "." in s):
                dec = len(s.split(".")[1]) if "." in s else 0
                # rounded as printed: 4 decimals (0 for counts), half a unit of the last place
                if abs(float(s) - float(cv)) > 0.5 * 10 ** -dec * (1 + 1e-9) or dec not in (0, 4):
                    bad.append((name, i, j, dv, cv))
            elif dv != cv and not (re.fullmatch(r"-?\d+", s) and is_num(cv) and float(s) == float(cv)):
                bad.append((name, i, j, dv, cv))
            # stars: re-derived from the row's p (Moran: permutation p when drawn, else z p)
            if name in STARS and head[j] == STARS[name][0]:
                pcol = STARS[name][1]
                if pcol is None:
                    pv = cr[head.index("perm_p")] or cr[head.index("p")]
                else:
                    pv = cr[head.index(pcol)]
                if nst != len(stars(float(pv) if pv else float("nan"))):
                    bad.append((name, i, j, "stars", dv, pv))
            elif nst:
                bad.append((name, i, j, "unexpected stars", dv))
check(not bad, "docx: every table cell equals the CSV value rounded as printed (%d tables)" % len(printed), bad[:5])
check(any("***" in c.text for t in d.tables for r in t.rows for c in r.cells) and
      any(p.text.startswith("注：***") for p in d.paragraphs), "docx: stars and their note under the table")

z = zipfile.ZipFile(os.path.join(rep, "report.docx"))
names = z.namelist()
check(names[:6] == ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                    "word/_rels/document.xml.rels", "docProps/core.xml"], "docx: the OOXML parts", names)
check(all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist()), "docx: fixed zip dates")
styles = z.read("word/styles.xml").decode()
check('w:eastAsia="宋体"' in styles and 'w:ascii="Times New Roman"' in styles and '<w:sz w:val="24"/>' in styles,
      "docx: 宋体 / Times New Roman, 小四 text")
xml = z.read("word/document.xml").decode()
tbls = re.findall(r"<w:tbl>.*?</w:tbl>", xml)
nomar = [re.sub(r"<w:tblCellMar>.*?</w:tblCellMar>", "", t) for t in tbls]
rule_ok = all('<w:tblBorders><w:top w:val="single" w:sz="12"' in t and "insideV" not in t and "<w:left " not in t
              and "<w:right " not in t for t in nomar)
# header cells carry the 0.75 pt rule below, the last row's the 1.5 pt bottom rule
hdr_ok = all('<w:bottom w:val="single" w:sz="6"' in t.split("</w:tr>")[0] for t in tbls)
last_ok = all('<w:bottom w:val="single" w:sz="12"' in t.split("<w:tr>")[-1] for t in tbls)
check(rule_ok and hdr_ok and last_ok, "docx: three-line tables (1.5 pt top/bottom, 0.75 pt under header, no vertical)")
sizes = [set(re.findall(r'<w:sz w:val="(\d+)"/>', t)) for t in tbls]
check(all(len(z) == 1 and z <= {"21", "18", "16"} for z in sizes) and sum(z == {"21"} for z in sizes) >= 5,
      "docx: 五号 in tables (9 pt, 8 pt landscape when too wide)", sizes)
# the score matrix (16 columns) does not fit a portrait page: its own landscape section
check(xml.count('w:orient="landscape"') >= 1, "docx: a wide table on a landscape page")
meth = [p.text for p in d.paragraphs if p.style.name.lower() == "heading 2"]
with open(os.path.join(rep, "methods.md"), encoding="utf-8") as fh:
    md = fh.read()
with open(os.path.join(rep, "results.md"), encoding="utf-8") as fh:
    res = fh.read()
check(len(meth) >= 5 and all(("## " + h) in md or ("# " + h) in res for h in meth),
      "docx: headings are methods.md's and results.md's", meth[:4])
de = docx.Document(os.path.join(reps["en"], "report.docx"))
check(any(p.text.startswith("Table 1 ") for p in de.paragraphs) and len(de.tables) == len(printed),
      "docx (en): Table 1 … captions")

# ---- tables.xlsx -----------------------------------------------------------
wb = openpyxl.load_workbook(os.path.join(rep, "tables.xlsx"))
csvs = [n for n in wb.sheetnames]
check(all(os.path.exists(os.path.join(T, n + ".csv")) for n in csvs) and set(printed) <= set(csvs)
      and len(set(s.lower() for s in csvs)) == len(csvs) and all(len(s) <= 31 for s in csvs),
      "xlsx: one uniquely named sheet per table (%d)" % len(csvs), csvs)
bad = []
nnum = 0
for name in csvs:
    ws = wb[name]
    head, rows = read_csv(os.path.join(T, name + ".csv"))
    if ws.freeze_panes != "A2":
        bad.append((name, "freeze", ws.freeze_panes))
    got = [[c.value for c in r] for r in ws.iter_rows()]
    if [str(v) for v in got[0]] != head or not all(c.font.b for c in ws[1]):
        bad.append((name, "header"))
    if len(got) - 1 != len(rows):
        bad.append((name, "rows", len(got) - 1, len(rows)))
        continue
    for i, (xr, cr) in enumerate(zip(got[1:], rows)):
        xr = list(xr) + [None] * (len(cr) - len(xr))
        for j, cv in enumerate(cr):
            xv = xr[j]
            if cv == "":
                ok = xv is None
            elif isinstance(xv, (int, float)):
                ok = float(cv) == xv   # exactly: the CSV's shortest round-trip text
                nnum += 1
            else:
                ok = xv == cv
            if not ok:
                bad.append((name, i, j, xv, cv))
check(not bad, "xlsx: every cell equals the CSV's exactly, header bold and frozen", bad[:5])
check(nnum > 10000 and isinstance(wb["score_matrix"]["B2"].value, float), "xlsx: numbers stored as numbers (%d)" % nnum)
check(wb["score_matrix"]["A2"].value == "北京", "xlsx: Chinese names intact")

# ---- determinism -------------------------------------------------------------
again = os.path.join(tmp, "again")
subprocess.run([NQPF, "run", PROJECT, "--out", again, "--quiet"], capture_output=True)
for f in ("report.docx", "tables.xlsx", "report.tex"):
    with open(os.path.join(rep, f), "rb") as a, open(os.path.join(again, f), "rb") as b:
        check(a.read() == b.read(), "rerun: %s byte-identical" % f)

# ---- xelatex ---------------------------------------------------------------------
xe = shutil.which("xelatex")
check(xe is not None, "xelatex is installed (scripts/deps.sh: texlive-xetex texlive-lang-chinese)")
if xe:
    for lang, r in reps.items():
        w = os.path.join(tmp, "tex_" + lang)
        os.mkdir(w)
        shutil.copy(os.path.join(r, "report.tex"), w)
        shutil.copytree(os.path.join(r, "tables"), os.path.join(w, "tables"))
        p = subprocess.run([xe, "-interaction=nonstopmode", "-halt-on-error", "report.tex"], cwd=w,
                           capture_output=True, text=True, timeout=600)
        log = open(os.path.join(w, "report.log"), encoding="utf-8", errors="replace").read()
        check(p.returncode == 0 and os.path.getsize(os.path.join(w, "report.pdf")) > 20000,
              "xelatex (%s): report.tex compiles" % lang, p.stdout[-800:])
        check("Missing character" not in log, "xelatex (%s): every character has a glyph" % lang,
              re.findall(r"Missing character.*", log)[:3])
        # adjustbox: no table wider than the text block
        over = re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\) in alignment", log)
        check(not over, "xelatex (%s): no table wider than the text" % lang, over)

# ---- LibreOffice ------------------------------------------------------------------
so = shutil.which("soffice")
check(so is not None, "soffice is installed (libreoffice-writer-nogui)")
if so:
    w = os.path.join(tmp, "pdf")
    p = subprocess.run([so, "--headless", "-env:UserInstallation=file://" + os.path.join(tmp, "lo"), "--convert-to",
                        "pdf", "--outdir", w, os.path.join(rep, "report.docx")], capture_output=True, text=True,
                       timeout=600)
    pdf = os.path.join(w, "report.pdf")
    data = open(pdf, "rb").read() if os.path.exists(pdf) else b""
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    check(data.startswith(b"%PDF") and len(data) > 50000 and pages >= 5,
          "soffice: report.docx converts to a PDF (%d bytes, %d pages)" % (len(data), pages), p.stderr)

# ---- hostile names: escaped in XML and LaTeX, intact when read back ------------------
EVIL = ["<script>alert(1)</script>", "a&b", '"quoted,comma"', "100%_\\LaTeX{} $x^2$ #1 ~"]
ev = os.path.join(tmp, "evil")
os.makedirs(ev)
with open(os.path.join(ev, "panel.csv"), "w", encoding="utf-8", newline="") as fh:
    wr = csv.writer(fh)
    wr.writerow(["name", "year", "grp", "x1", "x2", "x3"])
    for i, n in enumerate(EVIL):
        for t in range(6):
            wr.writerow([n, 2000 + t, EVIL[i % 2], 1 + i + 0.3 * t + 0.1 * (i * t % 3), 5 + i * i + t,
                         10 - i + 0.5 * t * (i % 2)])
with open(os.path.join(ev, "system.csv"), "w", encoding="utf-8", newline="") as fh:
    wr = csv.writer(fh)
    wr.writerow(["column", "direction", "dimension", "name", "unit"])
    wr.writerow(["x1", "+", EVIL[1], EVIL[0], EVIL[3]])
    wr.writerow(["x2", "+", EVIL[2], EVIL[3], "%"])
    wr.writerow(["x3", "-", EVIL[2], EVIL[0] + "\x01\x07", "&"])
with open(os.path.join(ev, "p.ini"), "w", encoding="utf-8") as fh:
    fh.write('[project]\ntitle = "<b>T</b> & \\"x\\" 100%"\n[data]\nfile = panel.csv\nunit = name\nperiod = year\n'
             "[system]\nfile = system.csv\n[group]\ncolumn = grp\n[gini]\n[obstacle]\ntop = 2\n[coupling]\n"
             "[forecast]\n[converge]\n")
eo = os.path.join(tmp, "evil-out")
p = subprocess.run([NQPF, "run", os.path.join(ev, "p.ini"), "--out", eo, "--quiet"], capture_output=True, text=True)
check(p.returncode == 0, "hostile names: run succeeds", p.stderr)
if p.returncode == 0:
    dd = docx.Document(os.path.join(eo, "report.docx"))
    txt = "\n".join(c.text for t in dd.tables for r in t.rows for c in r.cells)
    check(all(n in txt for n in EVIL) and dd.paragraphs[0].text == '<b>T</b> & "x" 100%',
          "hostile names: docx cells and title intact", dd.paragraphs[0].text)
    wx = openpyxl.load_workbook(os.path.join(eo, "tables.xlsx"))
    vals = {str(c.value) for ws in wx for r in ws.iter_rows() for c in r}
    check(all(n in vals for n in EVIL), "hostile names: xlsx cells intact")
    if xe:
        w = os.path.join(tmp, "tex_evil")
        os.mkdir(w)
        shutil.copy(os.path.join(eo, "report.tex"), w)
        shutil.copytree(os.path.join(eo, "tables"), os.path.join(w, "tables"))
        p = subprocess.run([xe, "-interaction=nonstopmode", "-halt-on-error", "report.tex"], cwd=w,
                           capture_output=True, text=True, timeout=600)
        check(p.returncode == 0, "hostile names: report.tex compiles", p.stdout[-800:])

shutil.rmtree(tmp, ignore_errors=True)
finish()
