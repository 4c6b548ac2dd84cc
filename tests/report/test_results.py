"""The results section (results.md) of the demo report: every number of
every sentence is recomputed here from the CSV table the sentence names, with
pandas, and compared as printed (rounded the same way).  Both languages."""
import math
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

NQPF = os.environ.get("NQPF", "build/nqpf")
fails = 0


def check(name, cond, detail=""):
    global fails
    print(("ok - " if cond else "not ok - ") + name + ("" if cond else "  # " + detail))
    if not cond:
        fails += 1


def f4(x):
    return f"{x:.4f}"


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "demo")
    subprocess.run([NQPF, "demo", "--out", out], check=True, capture_output=True)
    text = open(os.path.join(out, "results.md"), encoding="utf-8").read()
    T = lambda n: pd.read_csv(os.path.join(out, "tables", n + ".csv"))
    zh, en = text.split("\n# Results\n")
    check("results.md has both languages", zh.startswith("# 结果分析") and "**Level and growth.**" in en)
    check("the Chinese section has no English words",
          not re.search(r"\b(East|West|Central|Northeast|mean|growth|minmax|entropy)\b", zh), zh[:200])
    for lang, sec in (("zh", zh), ("en", en)):
        bullets = [l for l in sec.splitlines() if l.startswith("- ")]
        cites = [re.search(r"tables/(\w+)\.csv", l) for l in bullets]
        check(f"{lang}: every sentence names its table", all(cites) and len(bullets) >= 12, str(len(bullets)))

    # level and growth: means of tables/scores.csv
    sc = T("scores")
    per = sorted(sc["period"].unique())
    m0, m1 = sc[sc.period == per[0]].score.mean(), sc[sc.period == per[-1]].score.mean()
    g = ((m1 / m0) ** (1 / (per[-1] - per[0])) - 1) * 100
    check("level: means and growth (zh)", f"{per[0]}年的{f4(m0)}变为{per[-1]}年的{f4(m1)}，年均增长{g:.2f}%" in zh)
    check("level: means and growth (en)", f"from {f4(m0)} in {per[0]} to {f4(m1)} in {per[-1]}, a mean growth of {g:.2f}% a year" in en)
    rk = T("ranking")
    grp = dict(zip(rk["地区"], rk["区域"]))
    last = sc[sc.period == per[-1]].copy()
    last["g"] = last.unit.map(grp)
    gm = last.groupby("g").score.mean().sort_values(ascending=False)
    check("level: group means (zh)", f"分组均值以{gm.index[0]}最高（{f4(gm.iloc[0])}），{gm.index[-1]}最低（{f4(gm.iloc[-1])}）" in zh)

    # leaders: tables/ranking.csv
    top = rk.sort_values("得分", ascending=False)
    hi = "、".join(f"{u}（{f4(s)}）" for u, s in zip(top["地区"][:2], top["得分"][:2]))
    lo = top.iloc[::-1]
    check("leaders: top and bottom (zh)", hi in zh and f"最低的是{lo['地区'].iloc[0]}（{f4(lo['得分'].iloc[0])}）" in zh)
    check("leaders: ratio", f"最高值为最低值的{top['得分'].iloc[0] / lo['得分'].iloc[0]:.1f}倍" in zh)
    up = rk.loc[rk["排名变化"].idxmax()]
    down = rk.loc[rk["排名变化"].idxmin()]
    check("leaders: rank moves", f"排名上升最多的是{up['地区']}（{int(up['排名变化']):+d}位）" in zh
          and f"下降最多的是{down['地区']}（{int(down['排名变化']):+d}位）" in zh)

    # disparity: tables/gini_summary.csv
    gs = T("gini_summary")
    a, z = gs.iloc[0], gs.iloc[-1]
    shares = [z["Gw贡献率"], z["Gnb贡献率"], z["Gt贡献率"]]
    names = ["区域内差异", "区域间净差异", "超变密度"]
    k = int(np.argmax(shares))
    check("disparity: G first and last", f"{int(a['年份'])}年的{f4(a['G'])}" in zh and f"{int(z['年份'])}年的{f4(z['G'])}" in zh)
    check("disparity: main source", f"主要来源是{names[k]}（贡献率{100 * shares[k]:.1f}%" in zh
          and f"区域内{100 * shares[0]:.1f}%，区域间净差异{100 * shares[1]:.1f}%，超变密度{100 * shares[2]:.1f}%" in zh)

    # convergence: sigma.csv, beta.csv
    sg = T("sigma")
    c0, c1 = sg.cv.iloc[0], sg.cv.iloc[-1]
    check("σ: cv first and last", f"变异系数由{sg.period.iloc[0]}年的{f4(c0)}变为{sg.period.iloc[-1]}年的{f4(c1)}" in zh
          and ("不存在σ收敛" in zh) == (c1 >= c0))
    bt = T("beta")
    for model, term, label in (("beta_abs", "ln_y0", "绝对β收敛"), ("panel_abs", "ln_y_lag", "面板双向固定效应β收敛")):
        row = bt[(bt.model == model) & (bt.term == term)].iloc[0]
        s = f"{label}：b = {f4(row.coef)}（p = {f4(row.p)}）"
        check(f"β: {model}", s in zh, s)
        if row.coef < 0 and row.p < 0.05:
            check(f"β: {model} speed and half-life", f"收敛速度{f4(row.speed)}，半衰期{row.half_life:.1f}" in zh)

    # clustering: moran.csv, lisa.csv
    mo = T("moran")
    nsig = int(((mo.I > mo["E[I]"]) & (mo.p < 0.05)).sum())
    check("moran: significant periods and last I", f"{len(mo)}期中有{nsig}期" in zh
          and f"I = {f4(mo.I.iloc[-1])}（p = {f4(mo.p.iloc[-1])}）" in zh)
    li = T("lisa")
    ll = li[li.period == li.period.max()]
    cnt = ll.cluster.value_counts()
    check("lisa: counts", f"高-高{cnt.get('HH', 0)}个、低-低{cnt.get('LL', 0)}个、高-低{cnt.get('HL', 0)}个、低-高{cnt.get('LH', 0)}个" in zh)
    hh = list(ll[ll.cluster == "HH"].unit)
    check("lisa: high-high units", all(u in zh.split("高-高集聚区为")[1].split("\n")[0] for u in hh))

    # obstacles: obstacle.csv (indicator names from system.csv)
    ob = T("obstacle")
    ol = ob[ob.period == ob.period.max()]
    dm = ol[ol.level == "dimension"].groupby("name", sort=False).obstacle.mean().sort_values(ascending=False, kind="stable")
    check("obstacle: leading dimension", f"平均障碍度最大的维度是{dm.index[0]}（{f4(dm.iloc[0])}）" in zh)
    sy = T("system")
    nm = dict(zip(sy["数据列"], sy["指标"]))
    im = ol[ol.level == "indicator"].groupby("name", sort=False).obstacle.mean().sort_values(ascending=False, kind="stable")
    check("obstacle: leading indicators", f"{nm[im.index[0]]}（{f4(im.iloc[0])}）、{nm[im.index[1]]}（{f4(im.iloc[1])}）" in zh)

    # coupling: coupling.csv; classes of width 0.1 (极度失调 … 优质协调)
    cp = T("coupling")
    cl = cp[cp.period == cp.period.max()]
    classes = ["极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调", "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调"]
    md = cl.D.mean()
    mode = cl.level.value_counts().sort_index().idxmax()
    check("coupling: mean D and its class", f"均值为{f4(md)}（{classes[min(int(md * 10), 9)]}）" in zh)
    check("coupling: most frequent class", f"最常见的等级为{classes[mode - 1]}（{len(cl)}个地区中{int((cl.level == mode).sum())}个）" in zh)

    # markov: markov_matrix.csv
    mm = T("markov_matrix").iloc[:, 1:-1].to_numpy()
    kk = mm.shape[0]
    check("markov: diagonal, up and down", f"平均概率为{f4(np.mean(np.diag(mm)))}" in zh
          and f"向上跃迁一级的平均概率为{f4(np.mean(np.diag(mm, 1)))}" in zh and f"向下一级为{f4(np.mean(np.diag(mm, -1)))}" in zh)

    # forecast: forecast.csv, whole-sample series (the last one)
    fc = T("forecast")
    nat = fc[fc.series == "全国"].iloc[-1]
    grade = "好" if nat.P > 0.95 and nat.C < 0.35 else None
    check("forecast: last value, C, P", f"预测{int(nat.period)}年的指数均值为{f4(nat.fitted)}（后验差比C = {f4(nat.C)}，小误差概率P = {f4(nat.P)}" in zh)
    if grade:
        check("forecast: grade", f"精度{grade}" in zh)

    # productivity: malmquist_means.csv
    mq = T("malmquist_means")
    al = mq[mq.kind == "all"].iloc[0]
    drv = "技术进步" if abs(al.techch - 1) >= abs(al.effch - 1) else "技术效率变化"
    check("malmquist: overall means and driver", f"总体均值为{f4(al.tfpch)}" in zh and f"effch = {f4(al.effch)}，techch = {f4(al.techch)}，变动主要来自{drv}" in zh)

    # index.html carries the same sentences (HTML-escaped)
    import html as H
    page = open(os.path.join(out, "index.html"), encoding="utf-8").read()
    sec = page[page.index('<section id="results">'):page.index("</section>", page.index('<section id="results">'))]
    items = [H.unescape(re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li>(.*?)</li>", sec)]
    md_items = [l[2:].replace("**", "") for l in zh.splitlines() if l.startswith("- ")]
    check("index.html: the results section has the same sentences", items == md_items, f"{len(items)} vs {len(md_items)}")

    # report.docx and report.tex carry the section after the methods
    import docx
    paras = [p.text for p in docx.Document(os.path.join(out, "report.docx")).paragraphs]
    first = md_items[0].split("（见")[0]
    check("report.docx: the results section", "结果分析" in paras and any(first.replace("。 ", "。") in p.replace("。 ", "。") for p in paras), first)
    tex = open(os.path.join(out, "report.tex"), encoding="utf-8").read()
    check("report.tex: the results section", "\\subsection{结果分析}" in tex)

    # the Chinese methods text names option values in Chinese
    methods = open(os.path.join(out, "methods.md"), encoding="utf-8").read().split("\n# Methods (English)")[0]
    prose = re.sub(r"`[^`]*`", "", "\n".join(l for l in methods.splitlines() if not l.startswith("|")))
    eng = re.findall(r"\b(interpolate|minmax|entropy|weighted|gaussian|silverman|queen|rook|cluster|standard|"
                     r"contemporaneous|sequential|pooled|per period|panel)\b", prose)
    check("methods.md (zh): no English option values", not eng, str(sorted(set(eng))))

    # English: the same numbers
    check("en: leaders", f"Guangdong ({f4(top['得分'].iloc[0])})" in en)
    check("en: Gini", f"from {f4(a['G'])} in {int(a['年份'])} to {f4(z['G'])}" in en)

print(f"# {fails} failed")
sys.exit(1 if fails else 0)
