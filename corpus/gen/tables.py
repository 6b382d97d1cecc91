#!/usr/bin/python3
"""Numeric tables of the corpus documents, computed here so that every sum is exact.

    /usr/bin/python3 corpus/gen/tables.py            print every table block (to paste into src/)
    /usr/bin/python3 corpus/gen/tables.py --check    verify every block occurs verbatim in its
                                                     source document and the books balance

Each block is written in the corpus source markup: TAB-separated cells, a leading '!' makes a
row bold, a leading '^' draws a rule above it. Amounts use Swedish digit grouping with a
plain space and a hyphen-minus for negative numbers ('-131 879').
"""

import os
import sys

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")


def fmt(n):
    s = f"{abs(n):,}".replace(",", " ")
    return ("-" if n < 0 else "") + s


def row(label, *vals, flags=""):
    return flags + "\t".join([label] + [v if isinstance(v, str) else fmt(v) for v in vals])


def total(rows, i):
    return sum(r[1][i] for r in rows)


BLOCKS = []   # (doc, name, text)


def block(doc, name, lines):
    BLOCKS.append((doc, name, "\n".join(lines)))


# ---------------------------------------------------------------------------------------
# Norra Vättern: minutes 2024-11-27
# ---------------------------------------------------------------------------------------
D1 = "protokoll-norra-vattern-2024-11"
# budget 2024, outcome Jan-Oct, forecast 2024 (kr)
nv_follow = [
    ("Kansli", (1_415_000, 1_162_418, 1_398_500)),
    ("Styrelse", (95_000, 61_230, 82_000)),
    ("Steg framåt", (1_650_000, 1_298_764, 1_612_000)),
    ("Hälsoslussen", (980_000, 703_911, 890_214)),
    ("Unga vuxna i arbete", (720_000, 512_640, 650_500)),
    ("Kompetensutveckling", (180_000, 96_450, 150_000)),
    ("Utvärdering", (80_000, 0, 80_000)),
]
lines = [row("", "Budget 2024", "Utfall okt", "Prognos", "Avvikelse", flags="!")]
for lab, (b, u, p) in nv_follow:
    lines.append(row(lab, b, u, p, b - p))
B, U, P = (total(nv_follow, i) for i in range(3))
lines.append(row("Summa kostnader", B, U, P, B - P, flags="!^"))
block(D1, "uppfoljning-okt", lines)
assert (B, P, B - P) == (5_120_000, 4_863_214, 256_786)
NV_PROGNOS, NV_BUDGET = P, B

nv_budget = {  # (budget 2025, budget 2024)
    "int": [("Medlemsavgifter", (4_800_000, 4_600_000)),
            ("Ianspråktaget eget kapital", (350_000, 520_000))],
    "kost": [("Kansli", (1_060_000, 1_020_000)),
             ("Personal", (300_000, 290_000)),
             ("Lokaler", (150_000, 105_000)),
             ("Styrelse", (100_000, 95_000)),
             ("Insatser", (3_300_000, 3_350_000)),
             ("Kompetensutveckling", (160_000, 180_000)),
             ("Utvärdering", (80_000, 80_000))],
}
lines = [row("", "Budget 2025", "Budget 2024", "Förändring", flags="!"), row("Intäkter", "", "", "", flags="!")]
for lab, (a, b) in nv_budget["int"]:
    lines.append(row(lab, a, b, a - b))
IA, IB = total(nv_budget["int"], 0), total(nv_budget["int"], 1)
lines.append(row("Summa intäkter", IA, IB, IA - IB, flags="!^"))
lines.append(row("Kostnader", "", "", "", flags="!"))
for lab, (a, b) in nv_budget["kost"]:
    lines.append(row(lab, a, b, a - b))
KA, KB = total(nv_budget["kost"], 0), total(nv_budget["kost"], 1)
lines.append(row("Summa kostnader", KA, KB, KA - KB, flags="!^"))
lines.append(row("Totalt", IA - KA, IB - KB, (IA - KA) - (IB - KB), flags="!^"))
block(D1, "budget-2025", lines)
assert IB == KB == NV_BUDGET and IA == KA == 5_150_000

# ---------------------------------------------------------------------------------------
# Norra Vättern: annual report 2024 (tkr)
# ---------------------------------------------------------------------------------------
D4 = "arsredovisning-norra-vattern-2024"
nv = {  # year -> figures (tkr)
    2024: dict(avg=[("Försäkringskassan", 2300), ("Region Vätterland", 1150), ("Sjöhamra kommun", 520),
                    ("Ängsby kommun", 390), ("Tolleryd kommun", 240)], ovr=412,
               kost=[("Personalkostnader kansli", 1236), ("Styrelse och revision", 118), ("Lokaler", 146),
                     ("Köpta tjänster och utvärdering", 293), ("Insatser", 3104), ("Övriga kostnader", 54)],
               finint=38, finkost=-2,
               ford=[("Momsfordran", 96), ("Förutbetalda kostnader", 74), ("Upplupna intäkter", 148)],
               skuld=[("Leverantörsskulder", 512), ("Upplupna semesterlöner", 94),
                      ("Övriga upplupna kostnader", 178)]),
    2023: dict(avg=[("Försäkringskassan", 2200), ("Region Vätterland", 1100), ("Sjöhamra kommun", 497),
                    ("Ängsby kommun", 373), ("Tolleryd kommun", 230)], ovr=286,
               kost=[("Personalkostnader kansli", 1198), ("Styrelse och revision", 104), ("Lokaler", 139),
                     ("Köpta tjänster och utvärdering", 305), ("Insatser", 3196), ("Övriga kostnader", 36)],
               finint=12, finkost=-1,
               ford=[("Momsfordran", 88), ("Förutbetalda kostnader", 61), ("Upplupna intäkter", 92)],
               skuld=[("Leverantörsskulder", 398), ("Upplupna semesterlöner", 88),
                      ("Övriga upplupna kostnader", 143)]),
}
NV_EK_2022, NV_FORD_2022, NV_SKULD_2022 = 2564, 295, 741


def books(d, ek_start, ford_prev, skuld_prev, kassa_prev):
    r = dict(d)
    r["int"] = sum(v for _, v in d["avg"]) + d["ovr"]
    r["kostsum"] = sum(v for _, v in d["kost"])
    r["netto"] = r["int"] - r["kostsum"]
    r["res"] = r["netto"] + d["finint"] + d["finkost"]
    r["fordsum"] = sum(v for _, v in d["ford"])
    r["skuldsum"] = sum(v for _, v in d["skuld"])
    r["ek_in"] = ek_start
    r["ek"] = ek_start + r["res"]
    r["dford"] = -(r["fordsum"] - ford_prev)
    r["dskuld"] = r["skuldsum"] - skuld_prev
    r["lop"] = r["res"] + r["dford"] + r["dskuld"]
    r["kassa_in"] = kassa_prev
    r["kassa"] = kassa_prev + r["lop"]
    r["tillg"] = r["fordsum"] + r["kassa"]
    assert r["tillg"] == r["ek"] + r["skuldsum"], "balance sheet does not balance"
    return r


nv_kassa_2022 = NV_EK_2022 + NV_SKULD_2022 - NV_FORD_2022
n23 = books(nv[2023], NV_EK_2022, NV_FORD_2022, NV_SKULD_2022, nv_kassa_2022)
n24 = books(nv[2024], n23["ek"], n23["fordsum"], n23["skuldsum"], n23["kassa"])
assert n24["res"] == 97 and n23["res"] == -281


def statements(doc, a, b, ya, yb, unit, notes):
    """Resultaträkning, balansräkning, kassaflödesanalys for years ya (a) and yb (b)."""
    N = notes
    block(doc, "resultatrakning", [
        row(f"Resultaträkning ({unit})", "Not", str(ya), str(yb), flags="!"),
        row("Verksamhetens intäkter", N["int"], a["int"], b["int"]),
        row("Verksamhetens kostnader", N["kost"], -a["kostsum"], -b["kostsum"]),
        row("Verksamhetens nettokostnader", "", a["netto"], b["netto"], flags="!^"),
        row("Finansiella intäkter", N["fin"], a["finint"], b["finint"]),
        row("Finansiella kostnader", "", a["finkost"], b["finkost"]),
        row("Resultat efter finansiella poster", "", a["res"], b["res"], flags="!^"),
        row("Årets resultat", "", a["res"], b["res"], flags="!^"),
    ])
    block(doc, "balansrakning", [
        row(f"Balansräkning ({unit})", "Not", f"{ya}-12-31", f"{yb}-12-31", flags="!"),
        row("Tillgångar", "", "", "", flags="!"),
        row("Kortfristiga fordringar", N["ford"], a["fordsum"], b["fordsum"]),
        row("Kassa och bank", N["kassa"], a["kassa"], b["kassa"]),
        row("Summa omsättningstillgångar", "", a["tillg"], b["tillg"], flags="^"),
        row("Summa tillgångar", "", a["tillg"], b["tillg"], flags="!^"),
        row("Eget kapital och skulder", "", "", "", flags="!"),
        row("Ingående eget kapital", N["ek"], a["ek_in"], b["ek_in"]),
        row("Årets resultat", "", a["res"], b["res"]),
        row("Summa eget kapital", "", a["ek"], b["ek"], flags="^"),
        row("Kortfristiga skulder", N["skuld"], a["skuldsum"], b["skuldsum"]),
        row("Summa skulder", "", a["skuldsum"], b["skuldsum"], flags="^"),
        row("Summa eget kapital och skulder", "", a["ek"] + a["skuldsum"], b["ek"] + b["skuldsum"], flags="!^"),
    ])
    block(doc, "kassaflodesanalys", [
        row(f"Kassaflödesanalys ({unit})", str(ya), str(yb), flags="!"),
        row("Den löpande verksamheten", "", "", flags="!"),
        row("Årets resultat", a["res"], b["res"]),
        row("Minskning (+)/ökning (-) av fordringar", a["dford"], b["dford"]),
        row("Ökning (+)/minskning (-) av skulder", a["dskuld"], b["dskuld"]),
        row("Kassaflöde från den löpande verksamheten", a["lop"], b["lop"], flags="!^"),
        row("Investeringsverksamheten", 0, 0),
        row("Finansieringsverksamheten", 0, 0),
        row("Årets kassaflöde", a["lop"], b["lop"], flags="!^"),
        row("Likvida medel vid årets början", a["kassa_in"], b["kassa_in"]),
        row("Likvida medel vid årets slut", a["kassa"], b["kassa"], flags="!^"),
    ])
    block(doc, "not-intakter", [row(lab, va, vb) for (lab, va), (_, vb) in zip(a["avg"], b["avg"])] + [
        row(a.get("ovr_label", "Övriga intäkter"), a["ovr"], b["ovr"]),
        row("Summa verksamhetens intäkter", a["int"], b["int"], flags="!^")])
    block(doc, "not-kostnader", [row(lab, va, vb) for (lab, va), (_, vb) in zip(a["kost"], b["kost"])] + [
        row("Summa verksamhetens kostnader", a["kostsum"], b["kostsum"], flags="!^")])
    block(doc, "not-fordringar", [row(lab, va, vb) for (lab, va), (_, vb) in zip(a["ford"], b["ford"])] + [
        row("Summa kortfristiga fordringar", a["fordsum"], b["fordsum"], flags="!^")])
    block(doc, "not-eget-kapital", [
        row("Ingående eget kapital", a["ek_in"], b["ek_in"]),
        row("Årets resultat", a["res"], b["res"]),
        row("Utgående eget kapital", a["ek"], b["ek"], flags="!^")])
    block(doc, "not-skulder", [row(lab, va, vb) for (lab, va), (_, vb) in zip(a["skuld"], b["skuld"])] + [
        row("Summa kortfristiga skulder", a["skuldsum"], b["skuldsum"], flags="!^")])


statements(D4, n24, n23, 2024, 2023, "tkr", dict(int=2, kost=3, fin=4, ford=5, kassa=6, ek=7, skuld=8))

# five-year overview (tkr); 2022..2020 figures chosen, the equity chain computed backwards
nv_hist = {2022: (4400, 158, 4391, 0), 2021: (4200, 0, 4512, 1), 2020: (4200, 0, 3988, 2)}  # avg, övr, kost, fin
res = {y: a + o - k + f for y, (a, o, k, f) in nv_hist.items()}
ek = {2024: n24["ek"], 2023: n23["ek"], 2022: NV_EK_2022}
ek[2021] = ek[2022] - res[2022]
ek[2020] = ek[2021] - res[2021]
avg = {2024: sum(v for _, v in n24["avg"]), 2023: sum(v for _, v in n23["avg"])}
avg.update({y: v[0] for y, v in nv_hist.items()})
ovr = {2024: n24["ovr"], 2023: n23["ovr"]}
ovr.update({y: v[1] for y, v in nv_hist.items()})
kost = {2024: n24["kostsum"], 2023: n23["kostsum"]}
kost.update({y: v[2] for y, v in nv_hist.items()})
res.update({2024: n24["res"], 2023: n23["res"]})
years = [2024, 2023, 2022, 2021, 2020]
block(D4, "oversikt", [
    row("Belopp i tkr", *[str(y) for y in years], flags="!"),
    row("Medlemsavgifter", *[avg[y] for y in years]),
    row("Övriga intäkter", *[ovr[y] for y in years]),
    row("Verksamhetens kostnader", *[kost[y] for y in years]),
    row("Årets resultat", *[res[y] for y in years]),
    row("Eget kapital", *[ek[y] for y in years]),
    row("Antal deltagare", 186, 171, 149, 132, 118),
])
assert ek[2022] - ek[2021] == res[2022]

# operating statement vs budget 2024 (tkr): budget from the 2024 budget in the minutes
drift = [("Kansli", 1415, 1399), ("Styrelse och revision", 95, 118), ("Steg framåt", 1650, 1587),
         ("Hälsoslussen", 980, 902), ("Unga vuxna i arbete", 720, 615), ("Kompetensutveckling", 180, 249),
         ("Utvärdering", 80, 81)]
db = sum(b for _, b, _ in drift)
du = sum(u for _, _, u in drift)
assert db * 1000 == NV_BUDGET and du == n24["kostsum"]
assert 1587 + 902 + 615 == dict(n24["kost"])["Insatser"]
fin = n24["finint"] + n24["finkost"]
lines = [row("Belopp i tkr", "Budget", "Utfall", "Avvikelse", flags="!"),
         row("Medlemsavgifter", 4600, avg[2024], avg[2024] - 4600),
         row("Övriga intäkter", 0, n24["ovr"], n24["ovr"]),
         row("Summa intäkter", 4600, n24["int"], n24["int"] - 4600, flags="!^")]
for lab, b, u in drift:
    lines.append(row(lab, -b, -u, b - u))
lines += [row("Summa kostnader", -db, -du, db - du, flags="!^"),
          row("Finansiella poster, netto", 0, fin, fin),
          row("Resultat", 4600 - db, n24["res"], n24["res"] - (4600 - db), flags="!^")]
block(D4, "driftredovisning", lines)
assert n24["int"] - du + fin == n24["res"]

# ---------------------------------------------------------------------------------------
# Västra Mälardalen: annual report 2024 (kr) and minutes 2025-02-14
# ---------------------------------------------------------------------------------------
D5 = "arsredovisning-vastra-malardalen-2024"
D2 = "protokoll-vastra-malardalen-2025-02"
vm = {
    2024: dict(avg=[("Försäkringskassan", 4_150_000), ("Region Mälarbygd", 2_075_000),
                    ("Kolbäcka kommun", 812_000), ("Hedviks kommun", 688_000), ("Arnö kommun", 575_000)],
               ovr=1_136_482, ovr_label="Medel från Europeiska socialfonden",
               kost=[("Personalkostnader", 3_412_906), ("Lokalkostnader", 286_400),
                     ("Styrelse och revision", 212_518), ("Köpta tjänster", 614_257),
                     ("Insatser hos medlemmarna", 4_987_335), ("Övriga kostnader", 142_716)],
               finint=61_204, finkost=-1_311,
               ford=[("Momsfordran", 301_225), ("Upplupna intäkter ESF", 688_914),
                     ("Förutbetalda kostnader", 214_249)],
               skuld=[("Leverantörsskulder", 786_410), ("Personalens skatter och avgifter", 121_563),
                      ("Upplupna semesterlöner", 143_897), ("Övriga upplupna kostnader", 98_642)]),
    2023: dict(avg=[("Försäkringskassan", 4_000_000), ("Region Mälarbygd", 2_000_000),
                    ("Kolbäcka kommun", 783_000), ("Hedviks kommun", 663_000), ("Arnö kommun", 554_000)],
               ovr=842_117, ovr_label="Medel från Europeiska socialfonden",
               kost=[("Personalkostnader", 3_188_420), ("Lokalkostnader", 279_100),
                     ("Styrelse och revision", 198_775), ("Köpta tjänster", 566_031),
                     ("Insatser hos medlemmarna", 4_312_908), ("Övriga kostnader", 127_644)],
               finint=18_530, finkost=-2_046,
               ford=[("Momsfordran", 276_480), ("Upplupna intäkter ESF", 462_300),
                     ("Förutbetalda kostnader", 157_732)],
               skuld=[("Leverantörsskulder", 612_905), ("Personalens skatter och avgifter", 114_288),
                      ("Upplupna semesterlöner", 131_246), ("Övriga upplupna kostnader", 86_377)]),
}
VM_EK_2022, VM_FORD_2022, VM_SKULD_2022 = 3_946_157, 1_021_340, 871_502
vm_kassa_2022 = VM_EK_2022 + VM_SKULD_2022 - VM_FORD_2022
v23 = books(vm[2023], VM_EK_2022, VM_FORD_2022, VM_SKULD_2022, vm_kassa_2022)
v24 = books(vm[2024], v23["ek"], v23["fordsum"], v23["skuldsum"], v23["kassa"])
statements(D5, v24, v23, 2024, 2023, "kr", dict(int=2, kost=3, fin=4, ford=5, kassa=6, ek=7, skuld=8))
assert v24["res"] == -159_757 and v24["kassa"] == 3_918_247

# insatser 2024 (kr) in the annual report: budget vs outcome, sums to "Insatser hos medlemmarna"
vm_ins = [("Vägen vidare", 1_480_000, 1_512_664), ("Arbetsträning i samverkan", 1_150_000, 1_098_120),
          ("Familjeteamet", 760_000, 701_455), ("Språk och arbete", 980_000, 1_024_816),
          ("Hälsa och återgång", 720_000, 650_280)]
vb = sum(b for _, b, _ in vm_ins)
vu = sum(u for _, _, u in vm_ins)
assert vu == dict(v24["kost"])["Insatser hos medlemmarna"]
block(D5, "insatser", [row("Insats", "Budget 2024", "Utfall 2024", "Avvikelse", flags="!")]
      + [row(lab, b, u, b - u) for lab, b, u in vm_ins]
      + [row("Summa insatser", vb, vu, vb - vu, flags="!^")])
# participants per insats
vm_delt = [("Vägen vidare", 14, 10), ("Arbetsträning i samverkan", 19, 17), ("Familjeteamet", 22, 9),
           ("Språk och arbete", 27, 21), ("Hälsa och återgång", 12, 5)]
block(D5, "deltagare", [row("Insats", "Kvinnor", "Män", "Totalt", flags="!")]
      + [row(lab, k, m, k + m) for lab, k, m in vm_delt]
      + [row("Summa", sum(k for _, k, _ in vm_delt), sum(m for _, _, m in vm_delt),
             sum(k + m for _, k, m in vm_delt), flags="!^")])
VM_DELT = (sum(k + m for _, k, m in vm_delt), sum(k for _, k, _ in vm_delt), sum(m for _, _, m in vm_delt))
assert VM_DELT == (156, 94, 62)

# minutes 2025-02-14: revised budget 2025 vs budget 2024
vm_bud = {"int": [("Medlemsavgifter", 8_600_000, 8_300_000), ("ESF-medel", 1_250_000, 1_100_000)],
          "kost": [("Kansli", 740_000, 730_000), ("Personal", 3_520_000, 3_380_000), ("Lokaler", 295_000, 290_000),
                   ("Styrelse och revision", 220_000, 210_000), ("Insatser", 5_325_000, 5_090_000)]}
lines = [row("", "Budget 2025", "Budget 2024", "Förändring", flags="!"), row("Intäkter", "", "", "", flags="!")]
for lab, a, b in vm_bud["int"]:
    lines.append(row(lab, a, b, a - b))
ia, ib = sum(a for _, a, _ in vm_bud["int"]), sum(b for _, _, b in vm_bud["int"])
lines.append(row("Summa intäkter", ia, ib, ia - ib, flags="!^"))
lines.append(row("Kostnader", "", "", "", flags="!"))
for lab, a, b in vm_bud["kost"]:
    lines.append(row(lab, a, b, a - b))
ka, kb = sum(a for _, a, _ in vm_bud["kost"]), sum(b for _, _, b in vm_bud["kost"])
lines.append(row("Summa kostnader", ka, kb, ka - kb, flags="!^"))
lines.append(row("Totalt", ia - ka, ib - kb, (ia - ka) - (ib - kb), flags="!^"))
block(D2, "budget-2025", lines)
assert sum(v for _, v in v24["avg"]) == 8_300_000 and vb == 5_090_000 == dict((l, b) for l, _, b in vm_bud["kost"])["Insatser"]
assert (ib - kb, ia - ka) == (-300_000, -250_000)

# ---------------------------------------------------------------------------------------
# Lövsjö kommun, AVN minutes 2024-10-23 (tkr)
# ---------------------------------------------------------------------------------------
D3 = "protokoll-lovsjo-avn-2024-10"
lv = [("Nämnd och förvaltningsledning", 6_420, 6_185), ("Arbetsmarknadsenheten", 38_750, 39_912),
      ("Vuxenutbildning", 52_300, 51_064), ("Ekonomiskt bistånd", 71_800, 76_455), ("Etablering", 9_730, 9_102)]
lb, lp = sum(b for _, b, _ in lv), sum(p for _, _, p in lv)
block(D3, "prognos", [row("Verksamhet (tkr)", "Budget 2024", "Prognos", "Avvikelse", flags="!")]
      + [row(lab, b, p, b - p) for lab, b, p in lv]
      + [row("Summa nämnden", lb, lp, lb - lp, flags="!^")])
assert (lb, lp) == (179_000, 182_718)
hush = [("Januari", 812, 5_914), ("Februari", 806, 5_872), ("Mars", 821, 6_018), ("April", 834, 6_102),
        ("Maj", 829, 6_075), ("Juni", 847, 6_311), ("Juli", 861, 6_404), ("Augusti", 858, 6_389),
        ("September", 869, 6_477)]
block(D3, "hushall", [row("Månad 2024", "Hushåll", "Utbetalt (tkr)", flags="!")]
      + [row(m, h, t) for m, h, t in hush]
      + [row("Summa januari-september", "", sum(t for *_, t in hush), flags="!^")])

# ---------------------------------------------------------------------------------------
# Kustbygden Syd: verksamhetsplan och budget 2025-2027 (tkr)
# ---------------------------------------------------------------------------------------
D6 = "verksamhetsplan-kustbygden-syd-2025"
ks_int = [("Medlemsavgifter", (6_400, 6_600, 6_800)), ("Ianspråktaget eget kapital", (600, 300, 0))]
ks_kost = [("Kansli", (1_720, 1_770, 1_820)), ("Styrelse och revision", (180, 185, 190)),
           ("Strukturövergripande insatser", (850, 800, 780)), ("Individinriktade insatser", (4_050, 3_945, 3_810)),
           ("Utvärdering och uppföljning", (200, 200, 200))]
lines = [row("Belopp i tkr", "Budget 2025", "Plan 2026", "Plan 2027", flags="!"), row("Intäkter", "", "", "", flags="!")]
lines += [row(lab, *v) for lab, v in ks_int]
si = [sum(v[i] for _, v in ks_int) for i in range(3)]
lines.append(row("Summa intäkter", *si, flags="!^"))
lines.append(row("Kostnader", "", "", "", flags="!"))
lines += [row(lab, *v) for lab, v in ks_kost]
sk = [sum(v[i] for _, v in ks_kost) for i in range(3)]
lines.append(row("Summa kostnader", *sk, flags="!^"))
lines.append(row("Resultat", *[a - b for a, b in zip(si, sk)], flags="!^"))
block(D6, "budget", lines)
assert si == sk == [7_000, 6_900, 6_800]
ks_avg = [("Försäkringskassan", "50 %", 3_200), ("Region Kustland", "25 %", 1_600), ("Strandviks kommun", "10 %", 640),
          ("Österhamns kommun", "8,75 %", 560), ("Bölebro kommun", "6,25 %", 400)]
assert sum(v for *_, v in ks_avg) == 6_400
block(D6, "medlemsavgifter", [row("Medlem", "Andel", "Avgift 2025", flags="!")]
      + [row(m, a, v) for m, a, v in ks_avg]
      + [row("Summa", "100 %", sum(v for *_, v in ks_avg), flags="!^")])
ks_ins = [("Kompassen", 1_450, 40), ("Arbetslivsresursen", 1_280, 35), ("Ung framtid", 920, 30),
          ("IPS-teamet", 400, 15)]
ks_str = [("Samverkansforum", 220), ("Kompetensutveckling", 310), ("Myndighetsgemensamt team", 320)]
assert sum(b for _, b, _ in ks_ins) == 4_050 and sum(b for _, b in ks_str) == 850
block(D6, "insatser", [row("Individinriktade insatser", "Budget (tkr)", "Deltagare", flags="!")]
      + [row(lab, b, d) for lab, b, d in ks_ins]
      + [row("Summa", sum(b for _, b, _ in ks_ins), sum(d for *_, d in ks_ins), flags="!^")])
block(D6, "struktur", [row("Strukturövergripande insatser", "Budget (tkr)", flags="!")]
      + [row(lab, b) for lab, b in ks_str]
      + [row("Summa", sum(b for _, b in ks_str), flags="!^")])


def main():
    if "--check" in sys.argv[1:]:
        bad = 0
        for doc, name, text in BLOCKS:
            path = os.path.join(SRC, doc + ".txt")
            src = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if text not in src:
                bad += 1
                print(f"MISSING {doc}:{name}")
        print(f"{len(BLOCKS) - bad} passed, {bad} failed")
        return 1 if bad else 0
    for doc, name, text in BLOCKS:
        print(f"%% {doc} :: {name}\n{text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
