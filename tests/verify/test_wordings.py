"""Regular wordings a release relates its figures in (issue 21), each written consistently
and then with one planted error: verified as drafted, the first passes and the second fails
on the rule that relates them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dbtool.cli import app

HEAD = "A test release\n\nLondon, 18 July 2019 – "
PRICES = (
    "Firestone sold 95,000 carats for US$43 million in the first quarter of 2019, an average "
    "of US$452 per carat.\n\nIn the second quarter of 2019 Kennady tendered 30,500 carats. "
    "Revenue from the tender was US$10.1 million. The average price achieved was US$331 per "
    "carat.\n\nMountain sold 61,200 carats for US$47.3 million in the third quarter of 2019 "
    "(US$773 per carat)."
)
DESTINATIONS = (
    "Botswana's rough diamond exports were worth US$5.2 billion in 2018. Belgium took US$2.0 "
    "billion (38.5 per cent), the United Arab Emirates US$1.4 billion (26.9 per cent), India "
    "US$1.3 billion (25.0 per cent), and the remaining 9.6 per cent went to other destinations."
)
ELIDED = (
    "Ekati produced 1.35 million carats in the third quarter of 2018, of which Misery "
    "supplied 1.02 million carats and Sable 0.33."
)
CHANGES = (
    "Catoca's production was down 8.0% in volume and 6.9% in value from 7.2 million carats "
    "and US$14.96 billion in 2017, to 6.62 million carats and US$13.93 billion in 2018.\n\n"
    "Catoca's sales fell 4.0% and 2.5% in volume and value respectively in 2018, from 6.25 "
    "million carats and US$1.20 billion in 2017. Sales in 2018 were 6.0 million carats worth "
    "US$1.17 billion."
)
MINES = (
    "Debswana's four mines produced 24.1 million carats in 2018. Jwaneng produced 12.5 "
    "million carats. Orapa produced 9.6 million carats. Letlhakane produced 0.8 million "
    "carats. Damtshaa produced 1.2 million carats.\n\nTotal production at Okavango was 7.9 "
    "million carats in 2017. The pits contributed as follows. Karowe produced 2.9 million "
    "carats. Lerala produced 2.4 million carats. Ghaghoo produced 2.6 million carats."
)
SOME_MINES = (  # no word that these are all the parts: the sum of some would be a false alarm
    "Total production at Okavango was 7.9 million carats in 2017. Karowe produced 2.9 "
    "million carats. Lerala produced 2.4 million carats."
)
POINTS = (  # 34.5 − 31.2 = 3.3 points (and +10.6 % relative: no relative change is read)
    "ALROSA's share of global rough diamond sales rose 3.3 percentage points to 34.5% in 2018, "
    "from 31.2% in 2017."
)
POINTS_QUALIFIED = (  # 28.5 − 25.6 is 2.8 to 3.0 points: nearly 3 (2.7 to 3) agrees
    "ALROSA's share of world output was 28.5% in 2018, up nearly 3 percentage points from "
    "2017. Its share was 25.6% in 2017.\n\nPetra's share of polished sales was 34.8% in "
    "2018, down over 1 point from 36.0% in 2017."
)
AUCTION = (  # the sixth auction of 2019 is a part of the year: no same-period with 2019
    "Okavango Diamond Company said its sixth spot auction of 2019 realised US$41.2 million "
    "from the sale of 402,158 carats, an average price of US$102 per carat. So far in 2019 "
    "it has sold 1.9 million carats for US$231.6 million, an average of US$122 per carat."
)
OF_THEM = (
    "Okavango Diamond Company said some 118 companies registered for its auction and 61 of "
    "them, or 52%, placed successful bids."
)
GROUP = (  # 87.6 of 139.0 million carats is 62.9 to 63.2 %
    "World rough diamond production reached 139.0 million carats in 2019.\n\nRussia produced "
    "45.3 million carats in 2019. Botswana produced 23.7 million carats and Canada produced "
    "18.6 million carats. Together the three countries accounted for 63.0% of world output by "
    "volume."
)
FISCAL = (  # a fiscal year to June: Q3 FY2018 is January–March 2018, not July–September
    "Firestone, whose financial year ends on 30 June, recovered 204,100 carats in Q3 FY2019, "
    "up 7.6% from 189,600 carats in Q3 FY2018. It recovered 150,000 carats in July–September "
    "2018. Carats recovered in H1 FY2019 were 408,300 carats, bringing the nine months to 31 "
    "March 2019 to 612,400 carats."
)
LISTED = (  # parts listed with no word that they are all: they must fit in the total
    "Diamond production in the Northwest Territories totalled 17.2 million carats in 2019. "
    "Diavik recovered 6.7 million carats; Ekati 3.9 million; Gahcho Kué 6.6 million.\n\n"
    "World production reached 138.4 million carats in 2019 (Russia 45.3 million carats; "
    "Botswana 23.7 million; Canada 18.6 million)."
)
FEWER = (  # a change in volume written after a price
    "Botswana mined 24.4 million carats worth USD 3.95 billion in 2018. In 2019 Botswana mined "
    "23.7 million carats valued at USD 4.09 billion, or USD 173 per carat, 2.9% fewer carats "
    "than the year before."
)
CURRENCIES = (  # a change in pula, then in US dollars: each of its own levels
    "Botswana's exports of rough diamonds rose 19% to BWP 54.9 billion in 2018, from BWP 46.2 "
    "billion in 2017. In US dollar terms the value climbed 21% to USD 5.38 billion, up from "
    "USD 4.46 billion."
)
BALANCE = (  # what was offered, what was sold and the balance
    "Okavango Diamond Company sold 364,780 carats for US$41.2 million at its spot auction in "
    "August 2019. Of the 401,250 carats offered in August 2019, 364,780 carats were sold and the "
    "balance of 36,470 carats was withdrawn."
)
SEGMENT = (  # a product's share of its segment's sales, its size stated first
    "North America contributed US$5.64 billion of Signet's sales in 2019; the balance came from "
    "other operations. Bridal jewelry, at US$2.60 billion, made up 46% of North America's sales."
)
NET_LESS = (  # 1,296.3 − 634.9 = 661.4
    "India's exports of polished diamonds were USD 1,296.3 million in November 2019 and its "
    "imports of rough diamonds USD 634.9 million. Net exports of diamonds, polished exports "
    "less rough imports, were thus USD 661.4 million for the month."
)
INDEX = (  # an index has no unit: 121.8 / 124.8 is −2.36 to −2.44 %
    "The IDEX Diamond Price Index for polished diamonds fell 2.4% month on month in March 2020 "
    "to 121.8, from 124.8 in February 2020."
)
NINE_MONTHS = (  # 4,951 + 4,587 + 5,412 = 14,950: the quarters add up to the nine months
    "Lulo recovered 5,412 carats in the third quarter of 2019. Carats recovered in the first "
    "nine months of 2019 totalled 14,950, comprising 4,951 carats in the first quarter, 4,587 "
    "carats in the second and 5,412 carats in the third."
)
INDEX_YEAR_TO_DATE = (  # 5,512 / 5,911 is −6.75 %; the level after a comma is still reached
    "The RapNet Diamond Index for 1-carat polished diamonds fell 2.2% in April 2020 to 5,512 "
    "points, from 5,636 points in March 2020. From January to April, the 1-carat RAPI "
    "decreased 6.8%, to 5,512 from 5,911 at the start of the year."
)
LEADERS = (  # 45.3, 23.7 and 18.6 of 139.0 are 32.6 %, 17.05 % and 13.4 %: all of the world
    "Global rough diamond production in 2019 amounted to 139.0 million carats.\n\nRussia led with "
    "45.3 million carats (32.6% of the world total), followed by Botswana with 23.7 million "
    "carats (17.1%) and Canada with 18.6 million carats (13.4%)."
)
THE_COUNTRY = (  # 75 % of 8.2 million carats is 6.1 to 6.2 million: "about 6.2" agrees
    "Sodiam, Angola's state diamond trader, said the country sold 8.2 million carats of rough "
    "diamonds in the first half of 2019 for US$ 553 million, an average price of US$ 67 per "
    "carat. The Catoca mine accounted for 75% of the volume sold, or about 6.2 million carats."
)
TRADE_WITH = (  # 12.6 + 13.1 = 25.7: a trade total is its imports and exports
    "The United Arab Emirates' rough and polished diamond trade reached US$ 25.7 billion in the "
    "first half of 2019, with imports of US$ 12.6 billion and exports of US$ 13.1 billion."
)
BULLETS = (  # 138.2 m / 1,655,800 ct = 83.4 to 83.5 per carat
    "Acme Diamonds Inc. reported results for the three months ended September 30, 2019.\n\n"
    "- Carats recovered of 1,702,300, a decline of 9.2% from 1,874,300 carats in the "
    "year-earlier period.\n- Carats sold of 1,655,800, down 7.3% from 1,786,000 carats y-o-y.\n"
    "- Revenue of US$138.2M, a decrease of 19.7% from US$172.1M in Q3 2018.\n"
    "- Average realized price of US$83 per carat (Q3 2018: US$96 per carat).\n\nYear-to-date\n"
    "Cash and cash equivalents at September 30, 2019 were US$41.3M."
)
TENDER = (  # the specials and the rest are parts of the tender, not other values of it
    "Kalahari Tender House sold 1,386 lots weighing 74,915.62 cts for US$43.91 mn in its "
    "September 2019 tender, at an average of US$586 per carat. Forty-seven single-stone lots "
    "weighing 1,902.44 cts fetched US$17.56 mn, or US$9,230 per carat. The remaining 1,339 "
    "lots, totalling 73,013.18 cts, achieved US$26.35 mn, an average of US$361 per carat.\n\n"
    "Compared with the July 2019 tender, which raised US$38.45 mn, Kalahari Tender House's "
    "proceeds climbed 14.2%. More than 180 companies viewed the goods during the ten-day "
    "viewing period."
)
COUNTRY_NOTE = (  # 871,940 + 108,370 + 96,210 + 42,120 = 1,118,640; 315.29 / 278.31 = +13.3 %
    "Lesotho produced 1,118,640 carats of rough diamonds in 2018, valued at US$352.7 million, "
    "an average of US$315.29 per carat. Volume was 2.2% lower than the 1,144,050 carats "
    "recorded in 2017, but value rose 10.8% from US$318.4 million, lifting the average value by "
    "13.3% from US$278.31 per carat in the prior year.\n\nNational output of 1,118,640 carats "
    "was made up of the following operations:\n- Liqhobong: 871,940 carats\n- Letseng: 108,370 "
    "carats\n- Kao: 96,210 carats\n- Mothae: 42,120 carats\n\nLesotho exported 1,097,300 "
    "carats in 2018. By volume, Belgium was the principal destination, receiving 1,012,800 "
    "carats, or 92.3% of the total; the remaining 84,500 carats (7.7%) were shipped to the "
    "United Arab Emirates."
)
HUB = (  # 6.09 bn / 112.6 Mct = 54.0 to 54.2 per carat; 6.71 − 6.09 = 0.62 bn
    "Dubai's rough and polished diamond trade totalled USD 24.6 bn in 2019, a decline of 8.9% "
    "from USD 27.0 bn in 2018.\n\nRough diamond trade — imports plus exports — declined 7.9% "
    "to USD 12.8 bn from USD 13.9 bn.\n\nThe emirate imported 117.3 Mct of rough diamonds "
    "valued at USD 6.71 bn in 2019, an average of USD 57.20/ct, and re-exported 112.6 Mct worth "
    "USD 6.09 bn, an average of USD 54.10/ct, leaving net rough imports of USD 620 mn.\n\n"
    "Belgium was Dubai's largest diamond trading partner in 2019, with two-way trade of USD 4.9 "
    "bn, accounting for 19.9% of the total, followed by India at USD 4.1 bn (16.7%) and Hong "
    "Kong at USD 3.3 bn (13.4%)."
)
CUMULATIVE = (  # 14,186.53 + 1,259.74 = 15,446.27; 15,446.27 / 16,570.14 = −6.8 %
    "India's exports of cut and polished diamonds fell 25.6% y-o-y in November 2022 to "
    "US$1,259.74 million, from US$1,693.11 million in November 2021.\n\nAdding November's "
    "shipments to the US$14,186.53 million recorded in April–October 2022 took cumulative "
    "polished diamond exports for April–November 2022 to US$15,446.27 million. "
    "That was 6.8% below the US$16,570.14 million achieved in April–November 2021.\n\n"
    "Cumulatively, India's rough imports for April–November 2022 amounted to US$12,130.60 mn "
    "(April–October: US$11,112.15 mn), a decline of 6.6% compared with US$12,994.28 mn in the "
    "year-earlier period.\n\nExports of polished lab-grown diamonds climbed 17.9% to "
    "US$125.42 mn in November 2022 from US$106.38 mn a year ago."
)
MARKETS = (  # 37.5 + 28.8 + 11.4 + 8.3 + 5.2 + 8.8 = 100: shares over two sentences
    "Israel's polished diamond exports were $5.62 billion in 2017. The United States remained "
    "by far the largest market for Israeli polished in 2017, taking $2.11 billion of goods, or "
    "37.5% of polished exports. Hong Kong followed with $1.62 billion (28.8%), ahead of Belgium "
    "at 11.4%, Switzerland at 8.3% and the United Arab Emirates at 5.2%. All other destinations "
    "together accounted for the remaining 8.8%."
)
QUARTERLY = (  # 8.11 m / 19,360 ct = 418.7 to 419.2 per carat
    "Kimberley Gem Resources reported its activities for the September 2021 quarter.\n\n"
    "SALES\nTender 5 (July): 17,460 carats sold for US$6.62 million, US$379/ct\nTender 6 "
    "(September): 19,360 carats sold for US$8.11 million, US$419/ct"
)
REGION = (  # Lesotho: 310 m / 0.72 Mct = 430 to 431 per carat
    "Rough diamond output across the region rebounded strongly in 2021 after the "
    "curtailments of 2020.\n\nAmong the smaller producers, Zimbabwe recovered 4.20 Mct "
    "valued at US$370 million, while Lesotho's 0.72 Mct, valued at US$310 million, achieved an "
    "average of US$431/ct."
)
BRACKETED_BASE = (  # 10.05 / 9.12 = +10.2 %; 300.4 / 262.4 = +14.5 %
    "The Ministry of Mines announced that artisanal diamond production certified for export "
    "in 2021 totalled 10.05 million carats, with a declared value of US$300.4 million, an "
    "average of US$29.9 per carat. Compared with 2020 (9.12 Mct, US$262.4 million, US$28.8 per "
    "carat), volume increased by 10.2 per cent and value by 14.5 per cent."
)
SPEND = (  # 2.8 / 15.4 = 17.8 to 18.6 %
    "Consumers spent US$15.4 billion on engagement rings in the United States in 2022. "
    "Lab-grown rings generated US$2.8 billion, or 18.2% of spend."
)
SELL_THROUGH = (  # 291 / 348 = 83.6 %
    "RoughLink sold diamonds worth US$24.66 million at its November 2021 tender.\n\n"
    "Sale summary:\n• Lots sold: 291 of 348 offered, a sell-through rate of 83.6%\n\nThe top "
    "lot, a 64.2 ct D-colour Type IIa stone, sold for US$1.92 million."
)
BY_DESTINATION = (  # 34.6 + 17.9 + 14.2 + 12.3 + 9.4 + 6.8 = 95.2 %
    "Antwerp's polished exports were US$1,048 million in December 2021.\n\nPolished exports "
    "by destination (share of December value): United States 34.6% (US$363 million), Hong "
    "Kong 17.9%, United Arab Emirates 14.2%, India 12.3%, Israel 9.4%, Switzerland 6.8%."
)
OF_THE_LOTS = (  # 371 / 412 = 90.0 %
    "Northgate sold rough diamonds worth US$18.2 million at its March 2026 tender. Of the 412 "
    "lots offered, 371 lots, or 90.0%, were sold."
)
MONTHS_LISTED = (  # 38.9 + 44.5 + 48.6 = 132.0
    "The value of rough diamond exports rose to US$48.6 million in June 2019. Belgium took "
    "61% of June export value, followed by the United Arab Emirates with 27%.\n\nExports for "
    "April to June 2019 totalled US$132.0 million. Export values for April and May have been "
    "revised to US$38.9 million and US$44.5 million respectively."
)
COUNCIL = (  # 3.41 / 14.77 = 23.1 %, 1.08 / 14.77 = 7.3 %; 14.77 / 17.9 = 825; 72,460 / 84,850
    "India's exports of cut and polished diamonds fell 23.5% to US$14.77 billion in the first "
    "half of 2019 from US$19.31 billion.\n\nDestinations. Hong Kong remained the largest "
    "market, taking US$5.62 billion, or 38% of polished exports. The United Arab Emirates "
    "followed with US$3.41 billion (23%), ahead of the United States at US$2.26 billion (15%) "
    "and Belgium at US$1.08 billion (7%).\n\nVolumes and prices. Polished exports totalled "
    "17.9 million carats in the half, at an average of US$825 per carat.\n\nRough imports. "
    "Imports of rough diamonds fell 14.6% to Rs 72,460 crore from Rs 84,850 crore."
)
RETAILER = (  # 58.3 / 54.1 = +7.8 %; 214.6 / 205.9 = +4.2 %
    "Hallworth & Greene plc, the jeweller with 176 stores, today issues a trading update for "
    "the ten weeks to 6 July 2019.\n\nGroup sales for the ten-week summer period were £214.6 "
    "million, up 4.2% on £205.9 million in the same period last year. Like-for-like sales "
    "increased 2.9%.\n\nSales by channel\n- UK stores: £131.8 million\n- Online: £58.3 "
    "million\n- Republic of Ireland stores: £24.5 million\n\nOnline sales were up 8% from "
    "£54.1 million last year and accounted for 27% of group sales."
)
SHAPES = (  # 61 + 14 + 9 + 8 + 8 = 100 %
    "Polished prices weakened in June, the third fall of the year.\n\nShapes. Round brilliants "
    "accounted for 61% of the value of goods listed on the network at the end of the month, "
    "ovals for 14%, princess cuts for 9%, cushions for 8% and all other fancy shapes together "
    "for the remaining 8%."
)
KP_TABLE = (  # 148.3 + 58.4 + 24.9 + 9.6 + 4.3 = 245.5; carats 606,700
    "Sierra Leone exported rough diamonds to five destinations in 2018.\n\nExports by "
    "destination, 2018\nDestination                      Carats   Value (US$ m)\nBelgium     "
    "                    384,900          148.3\nUnited Arab Emirates            141,200      "
    "     58.4\nIsrael                           39,600           24.9\nIndia               "
    "             28,300            9.6\nOther                            12,700            "
    "4.3\nTotal                           606,700          245.5\n"
)
STATS_TABLE = (  # 1,562.9 / 703 = 2,223; 13,191.4 / 4,900 = 2,692
    "Botswana's exports of diamonds amounted to BWP 13,191.4 million in the first quarter of "
    "2019.\n\nTable 1: Diamond exports by destination, first quarter 2019\nDestination     "
    "         Carats ('000)   Value (BWP million)   BWP per carat\nBelgium                  "
    "        2,412              7,836.4            3,249\nUnited Arab Emirates              "
    " 703              1,562.9            2,223\nOther                            1,785        "
    "      3,792.1            2,124\nTotal                            4,900             "
    "13,191.4            2,692\n"
)
SEGMENTS = (  # 118.4 + 24.2 = 142.6; 142.6 / 277.6 = 51.4 %
    "Halden & Crowe plc today issues a trading update for the second quarter of 2019.\n\n"
    "Group revenue increased 3.8% to £277.6m (Q2 2018: £267.5m).\n\nUK & Ireland Retail\n"
    "Revenue rose 3.2% to £142.6m (Q2 2018: £138.2m), representing 51.4% of group revenue. "
    "The segment total comprised £118.4m from the 312-strong store estate and £24.2m online."
)
TENDER_LOTS = (  # 356 / 412 = 86.4 %; the tender is undated: its change is left out
    "Kalahari Rough Tenders (Pty) Ltd reported the results of its eleventh rough diamond "
    "tender of 2019.\n\nTender highlights\n- Goods sold: US$58.4 million, up 12% from "
    "US$52.1 million at the October tender.\n- Lots: 356 of the 412 lots on offer were sold, "
    "or 86%; the remainder were withdrawn.\n\nYear to date\nAfter eleven tenders, sales in "
    "aggregate reached US$546.2 million, versus US$498.7 million in the prior-year period, an "
    "increase of 9.5%."
)
LAB_GROWN = (  # 318.9 / 1,612.4 = 19.8 %, 522.4 / 1,612.4 = 32.4 %; 87.3 / 64.1 = +36.2 %
    "Gross exports of cut and polished diamonds from India in July 2019 plummeted 18.2% to "
    "US$1,612.4 million from US$1,971.3 million in July 2018.\n\nThe United States took "
    "US$522.4 million, or 32.4% of July polished exports. The remainder, US$318.9 million or "
    "19.8%, went to Israel and other markets.\n\nRough diamond imports "
    "declined 14.3% to US$1,288.0 million from US$1,503.6 million, leaving polished exports "
    "US$324.4 million ahead of rough imports for the month.\n\nExports of polished lab-grown "
    "diamonds soared 36.2% to US$87.3 million from US$64.1 million."
)
BY_YEAR = (  # 9,842 + 412 + 131 = 10,385; 9,115 + 388 + 147 = 9,650; 9,842 / 9,115 = +8.0 %
    "Namib Coastal Diamond Corporation (NCDC) released its Annual Review 2018.\n\nFinancial "
    "summary (NAD million)\n\n| Item                         |   2018 |   2017 |\n|---------"
    "---------------------|--------|--------|\n| Rough diamond sales          |  9,842 |  9,115 "
    "|\n| Marine contracting services  |    412 |    388 |\n| Other income                 | "
    "   131 |    147 |\n| Total revenue                | 10,385 |  9,650 |\n\nRough diamond "
    "sales rose 8.0% relative to 2017."
)
OF_THIS = (  # 88.0 / 214.6 = 41.0 %; 23.7 / 88.0 = 26.9 %
    "Hallworth & Greene plc's group sales were £214.6 million in the first half of 2019. "
    "Diamond jewellery continued to outperform, with sales of £88.0 million, or 41% of the "
    "group total. Of this, lab-grown diamond jewellery contributed £23.7 million, or 27% of "
    "diamond sales."
)
BULLETED_MONTHS = (  # 283.4 + 351.9 + 412.6 = 1,047.9; 351.9 / 283.4 = +24.2 %
    "Israel's diamond exports recovered in the second quarter of 2019.\n\nNet polished "
    "diamond exports (exports less returns), by month:\n- April: $283.4 million\n- May: "
    "$351.9 million, up 24% m/m\n- June: $412.6 million\n- Second quarter: $1,047.9 million"
)
QUARTER_MONTHS = (  # 356.2 + 414.7 + 412.6 = 1,183.5; 397.9 + 14.7 = 412.6
    "ALROSA's sales of rough and polished diamonds came in at US$ 412.6 million in June 2019, "
    "of which rough diamonds accounted for US$ 397.9 million and polished diamonds produced by "
    "the Group's cutting subsidiary for the balance of US$ 14.7 million.\n\nSales in the second "
    "quarter of 2019 totalled US$ 1,183.5 million: April brought in US$ 356.2 million, May "
    "US$ 414.7 million and June US$ 412.6 million."
)
KP_VALUE_SHARES = (  # 26 + 20 + 16 + 10 + 9 + 19 = 100 %
    "World production of rough diamonds was valued at US$ 12.73 billion in 2018, against "
    "US$ 13.25 billion reported by Participants in 2017.\n\nMeasured by value, Botswana was "
    "the leading producer, with 26% of world production value, ahead of the Russian Federation "
    "with 20% and Canada with 16%. South Africa and Angola followed with 10% and 9% "
    "respectively, with the remaining producing Participants together making up 19%."
)
FROM_TO = (  # 11.29 / 10.85 = +4.1 %; 11.29 / 23.72 = 47.6 %
    "Dubai's diamond exports were US$ 23.72 billion in 2018.\n\nPolished exports increased "
    "by 4.1% y-o-y, from US$ 10.85 billion to US$ 11.29 billion, making up 47.6% of the "
    "city's total exports."
)
NEW_MEMBERS = (  # 23 / 64 = 35.9 %, 17 / 64 = 26.6 %
    "The Israel Diamond Exchange admitted 64 new members in 2018. Of these, 23 — or 36% — "
    "were under the age of 35, and 17, or 27%, were women."
)
SIZE_INDEX = (  # 3,908 / 3,560 = +9.8 %; 3,908 / 3,851 = +1.5 %
    "The index for 0.50 carat diamonds gained 1.5% in June 2019 to 3,908 from 3,851 at the "
    "start of the month, and was up 9.8% y-o-y against 3,560."
)
SPECIALS_SOLD = (  # 41 / 55 = 74.5 %
    "Kempen Rough Tenders closed its June 2019 tender.\n\nSpecials drew the keenest "
    "competition. 41 of the 55 special lots were sold, a strike rate of 75%, and together they "
    "brought in US$6.38 million."
)
OF_THE_TOTAL = (  # 241.7 + 84.5 + 79.3 + 26.3 = 431.8
    "Ashcombe & Vale plc's revenue rose 4.2% to £431.8 million in 2018 from £414.4 million.\n\n"
    "Of the £431.8 million, diamond jewellery generated £241.7 million, gold and silver "
    "jewellery £84.5 million, watches £79.3 million and repairs, servicing and other income "
    "£26.3 million."
)
TENDER_TABLE = (  # 968 / 1,104 = 87.7 %; the rows add up; 33.5 / 0.1303 = 257
    "Orapa Hills Diamonds Ltd said revenue for the six months to June 2019 rose 11.5% to US$96.9 "
    "million from US$86.9 million a year earlier.\n\nSales by tender, first half 2019\nTender  "
    "      Carats     US$ m     US$/ct\nFebruary     131,900      29.8       226\nApril        "
    "140,100      33.6       240\nJune         130,300      33.5       257\nTotal        "
    "402,300      96.9       241\n\nOf the 1,104 lots offered during the half, 968 were sold, "
    "or 87.7%."
)
WORKFORCE = (  # 1,520 / 3,310 = 45.9 %; 785 / 3,310 = 23.7 %
    "The territory's three diamond mines produced 16.9 million carats in 2014.\n\nEmployment\n"
    "Of the 3,310 people employed at the mines at year end, 1,520 were Northern residents, or "
    "46%, and 785 were Indigenous, 24% of the workforce."
)
BY_SOURCE = (  # 20.8 / 121.6 = 17.1 %; 46.3 / 121.6 = 38.1 %; the sources add up
    "Imports of polished diamonds into Hong Kong fell 13.4% in 2015 to HK$ 121.6 billion, "
    "compared with HK$ 140.4 billion in 2014.\n\nBy source, India supplied HK$ 46.3 billion, "
    "Belgium HK$ 20.8 billion, Israel HK$ 15.1 billion and the United States HK$ 9.7 billion, "
    "with the remainder of HK$ 29.7 billion coming from other origins. India, accounting for "
    "38.1% of the total, remained the largest supplier, followed by Belgium with a share of "
    "17.1% and Israel with 12.4%."
)
KP_SUMMARY = (  # 14.46 / 150.9 = 95.8; 12.37 / 134.1 = 92.2; 150.9 / 134.1 = +12.5 %;
    # 14.46 / 12.37 = +16.9 %; 13,036 × 1.78 ≈ 23,204; 1,397 × 1.49 ≈ 2,082; 3,929 / 3,579 = +9.8 %
    "Participants reported output of 150.9 million carats valued at US$14.46 billion in 2017, "
    "an average of US$96 per carat. In 2016 production had amounted to 134.1 million carats "
    "worth US$12.37 billion, so volume grew by 12.5% and value by nearly 17% year on year, "
    "lifting the average price from US$92 per carat.\n\nRussian output rose 5.6% to 42,598 "
    "thousand carats from 40,322 thousand carats in 2016, and its value climbed 9.8% from "
    "US$3,579 million to US$3,929 million. Canada's volume jumped 78% to 23,204 thousand carats "
    "from 13,036 thousand carats and value 49% to US$2,082 million from US$1,397 million."
)
LISTED_TOTAL = (  # the rows add up to the "Total, three" row, which is no world total
    "World rough diamond production reached 150.9 million carats in 2017.\n\nLargest "
    "producers by volume, 2017\n\nCountry          Volume (000 ct)   Value (US$ m)\nRussia   "
    "               42,598           3,929\nCanada                  23,233           2,082\n"
    "Botswana                22,962           3,472\nTotal, three            88,793           "
    "9,483\n"
)
QUARTER_OF_WHICH = (  # 287.4 + 321.6 + 241.3 = 850.3
    "ALROSA's sales of rough and polished diamonds in September 2019 amounted to USD 287.4 "
    "million.\n\nSales in the third quarter of 2019 came to USD 850.3 million, of which USD "
    "321.6 million was generated in July and USD 241.3 million in August."
)
COMBINED_TRADE = (  # 7.94 / 36.1 = 22.0 %; 7.11 / 36.1 = 19.7 %
    "The UAE's rough and polished diamond trade recovered in 2021, with combined imports and "
    "exports reaching US$36.1 billion (AED 132.6 billion).\n\nImports totalled US$17.47 "
    "billion and exports US$18.63 billion.\n\nBelgium held its position as the leading trading "
    "partner, with two-way trade of US$7.94 billion, or 22.0% of the total. India ranked "
    "second at US$7.11 billion, or 19.7%."
)
KEY_FIGURES = (  # 431.6 / 269.2 = +60.3 %; 10.92 / 11.4 = -4.2 %
    "Antwerp's polished exports slid 4.2% to USD 10.92 billion in 2018.\n\nKey figures, "
    "Antwerp diamond trade\n\n                               2017        2018      y/y\n"
    "Polished exports (USD bn)      11.4        10.92     -4.2%\nNet polished exports (USD m)"
    "   269.2       431.6     +60%\nRough imports (USD bn)         10.73       11.52     "
    "+7.4%\n"
)
AVERAGE_VALUE = (  # 11.52 / 99.6 = 115.7; 10.73 / 95.3 = 112.6; 116 / 113 = +2.7 %
    "Antwerp's rough imports climbed 7.4% to USD 11.52 billion in 2018, against USD 10.73 "
    "billion in 2017, and rose 4.5% in volume to 99.6 million carats from 95.3 million "
    "carats. The average value of the rough entering the city therefore edged up 2.7% to USD "
    "116 per carat, compared with USD 113 per carat a year ago."
)
BY_CATEGORY = (  # 15.62 / 46.21 = 33.8 %; 26.41 / 46.21 = 57.2 %; 78,412 / 130,002 = 60.3 %
    "Sierra Leone exported 130,002 carats of rough diamonds valued at US$46.21 million in the "
    "second quarter of 2019.\n\nExports by category of exporter, Q2 2019\n\nCategory          "
    "                  Carats   Value (US$ m)\nKoidu Limited (kimberlite)        78,412        "
    "   26.41\nLicence holders                    9,860            4.18\nLicensed artisanal "
    "exporters      41,730           15.62\nTotal                            130,002           "
    "46.21\n\nKoidu Limited remained the largest single exporter, accounting for 57% of export "
    "value and 60% of the carats shipped. Licensed artisanal exporters, who buy from dealers in "
    "Kono and Bo districts, supplied 34% of the quarter's export value."
)
KP_RANKS = (  # by value in 2016: Russia 3,579, Botswana 2,846, Canada 1,397
    "Botswana remained the world's second-largest diamond producer by value in 2016, behind "
    "only Russia.\n\nMines in Botswana, led by the Debswana joint venture, produced 20.5 "
    "million carats in 2016 with a value of US$2,846 million. Russia mined 40.32 million carats "
    "valued at US$3,579 million in 2016.\n\nCanada ranked third by value in 2016, with "
    "production of 13.04 million carats worth US$1,397 million."
)
TENDER_OF_THE_YEAR = (  # 14.86 m / 8,417.36 ct = US$1,765 per carat; 8,417.36 / 9,862.15 = 85 %
    "Maloti Highlands Diamonds said its first tender of the year generated $14.86 million.\n\n"
    "The Lesotho-focused miner sold 8,417.36 carats at the tender, achieving an average price of "
    "$1,765 per carat. That volume represented about 85% of the 9,862.15 carats on offer."
)
PULA_QUARTER = (  # 10,572.8 / 12,064.3 = 87.6 %; 3,362.4 / 10,572.8 = 31.8 %
    "Botswana's total merchandise exports for the second quarter of 2019 were valued at "
    "P12,064.3 million.\n\nDiamonds remained the leading export during the quarter under review, "
    "with exports valued at P10,572.8 million, accounting for 87.6 percent of total merchandise "
    "exports. Exports of rough (unsorted and sorted, uncut) diamonds amounted to P9,115.6 "
    "million, while cut and polished diamonds contributed P1,457.2 million."
)
NATIONAL_OUTPUT = (  # 2.59 / 3.35 = 77 %; 2.59 / 1.86 = +39 %
    "ZIMBABWE's diamond production rose 33 percent to 3.35 million carats in 2018, from 2.51 "
    "million carats in 2017, on higher output at the Zimbabwe Consolidated Diamond Company "
    "(ZCDC).\n\nZCDC, the State-owned miner formed in 2016, produced 2.59 "
    "million carats in 2018, up 39 percent from 1.86 million carats the previous year, "
    "accounting for 77 percent of national output. The country fell short of the 4 million "
    "carat target set for 2018."
)
KP_RESTATED = (  # the Kimberley Process table the corpus holds: Angola, 2016, US$1,079 million
    "Angola produced 9.44 million carats of rough diamonds in 2017, 4.6% more than a year "
    "earlier.\n\nThe country's 2016 production, as reported to the Kimberley Process, came to "
    "9.021 million carats worth US$1,079 million."
)
AWDC_RESTATED = (  # AWDC's 2017 figures as the corpus holds them
    "Antwerp's polished exports climbed 6.3% to USD 1,019.8 million in January 2018.\n\nIn 2017 "
    "polished exports fell 3.4% to USD 11.4 billion, while net polished exports dropped 34% to "
    "USD 269.2 million."
)
FISCAL_TABLE = (  # the mines add up to the total
    "Petra Diamonds announces its results for the year ended 30 June 2019.\n\nPRODUCTION BY "
    "OPERATION (carats)\n\nMine                      FY 2019      FY 2018    Change\nFinsch"
    "                  1,957,862    2,114,617      -7%\nCullinan                1,367,311    "
    "1,304,592      +5%\nWilliamson                213,401      176,315     +21%\nTotal       "
    "            3,538,574    3,595,524      -2%\n"
)
FISCAL_QUARTERS = (  # 9,118 + 7,954 + 8,426 = 25,498
    "Kam Fai Jewellery Group announces key operational data for the third quarter ended 31 "
    "December 2018.\n\nGroup retail sales for the quarter under review grew 12.4% to HK$8,426 "
    "million, against HK$7,496 million in the prior-year period.\n\nRetail sales\n\nWith retail "
    "sales of HK$9,118 million and HK$7,954 million in the first and second quarters, "
    "respectively, Group retail sales for the nine months ended 31 December 2018 amounted to "
    "HK$25,498 million."
)
INDIA_DESTINATIONS = (  # 3,541.2 / 9,700.9 = 36.5 %; 1,183.6 / 9,700.9 = 12.2 %; 764.3 → 7.9 %
    "India's exports of cut and polished diamonds fell to US$9,700.9 million in the first half "
    "of 2019, down 18.2% from US$11,862.4 million a year earlier.\n\nRough diamond imports fell "
    "even more steeply. Manufacturers bought US$6,484.2 million of rough in the six months, "
    "down 21.6% versus US$8,270.7 million a year ago. That left India's net diamond exports – "
    "polished exports minus rough imports – at US$3,216.7 million for the half.\n\nBy "
    "destination, Hong Kong took US$3,541.2 million, or 36.5% of the total. The UAE and "
    "Belgium followed with US$1,183.6 million and US$764.3 million, or 12.2% and 7.9% "
    "respectively, leaving 43.4% for all other destinations."
)
STACKED_HEADER = (  # the pipes add up to the total
    "Ekati reported its operating data for the third quarter of 2018.\n\nEkati operating data, "
    "Q3 2018\n\nPipe                 Ore processed   Grade    Carats recovered\n"
    "                          (000 t)      (cpt)       (000 cts)\nMisery Main                 "
    "318         3.96          1,259\nKoala                       372         0.48            "
    "179\nPigeon                      264         0.42            111\nMisery satellites       "
    "    141         0.86            121\nTotal                     1,095         1.53          "
    "1,670\n"
)
PARTNER_SOURCE = (  # 2.12 / 10.73 = 19.8 %
    "Belgium's rough imports were USD 10.73 billion in 2017.\n\nThe UAE was the main partner "
    "source of rough arriving in Antwerp from other trading centres, shipping USD 2.12 billion"
    ", or 19.8% of Belgium's rough imports."
)
A_YEAR_EARLIER = (  # 48.9 m / 212,400 ct = US$230; the year before is another period
    "Kalahari Minerals sold 212,400 carats in the three months to September 2019, raising "
    "US$48.9 million, or an average of US$230 per carat. A year earlier the company had sold "
    "198,100 carats for US$47.1 million."
)
CASES = [
    ("price", PRICES, "US$452", "US$482"),
    ("price, a paragraph", PRICES, "US$331", "US$381"),
    ("price, in brackets", PRICES, "US$773", "US$873"),
    ("share, in brackets", DESTINATIONS, "(26.9 per", "(28.9 per"),
    ("share, the rest", DESTINATIONS, "remaining 9.6", "remaining 7.6"),
    ("share, of a segment", SEGMENT, "made up 46%", "made up 54%"),
    ("change, each its own base", CHANGES, "6.9% in value", "9.9% in value"),
    ("change, respectively", CHANGES, "4.0% and 2.5%", "4.0% and 5.5%"),
    ("sum, four mines", MINES, "Orapa produced 9.6", "Orapa produced 8.6"),
    ("sum, as follows", MINES, "Lerala produced 2.4", "Lerala produced 3.4"),
    ("sum, a unit elided", ELIDED, "Sable 0.33", "Sable 0.43"),
    ("points, both levels", POINTS, "3.3 percentage", "4.3 percentage"),
    ("points, nearly", POINTS_QUALIFIED, "nearly 3 percentage", "nearly 4 percentage"),
    ("points, over", POINTS_QUALIFIED, "down over 1 point", "down over 1.5 points"),
    ("price, an auction of the year", AUCTION, "US$102 per", "US$112 per"),
    ("count share, of them", OF_THEM, "or 52%", "or 55%"),
    ("sum, a group listed", GROUP, "for 63.0%", "for 63.5%"),
    ("difference, one product less another", NET_LESS, "USD 661.4", "USD 671.4"),
    ("change, of an index", INDEX, "fell 2.4%", "fell 3.4%"),
    ("change, fiscal quarters", FISCAL, "up 7.6%", "up 12.6%"),
    ("change, in pula", CURRENCIES, "rose 19%", "rose 29%"),
    ("sum, a part and the balance", BALANCE, "balance of 36,470", "balance of 46,470"),
    ("change, fewer carats after a price", FEWER, "2.9% fewer", "12.9% fewer"),
    ("parts, across semicolons", LISTED, "Ekati 3.9", "Ekati 4.9"),
    ("parts, in brackets", LISTED, "(Russia 45.3", "(Russia 105.3"),
    ("periods, fiscal half and quarter", FISCAL, "to 612,400", "to 662,400"),
    ("periods, carats named before", NINE_MONTHS, "totalled 14,950", "totalled 14,590"),
    ("change, a level after a comma", INDEX_YEAR_TO_DATE, "decreased 6.8%", "decreased 5.9%"),
    ("share, of the whole the list named", LEADERS, "(13.4%)", "(15.4%)"),
    ("share, of what the country sold", THE_COUNTRY, "for 75% of", "for 85% of"),
    ("sum, trade with imports and exports", TRADE_WITH, "US$ 13.1 billion", "US$ 13.9 billion"),
    ("price, bulleted with carats named first", BULLETS, "US$83 per", "US$91 per"),
    ("change, from a level the year-earlier period", BULLETS, "of 9.2%", "of 6.2%"),
    ("change, y-o-y from a level", BULLETS, "down 7.3%", "down 9.3%"),
    ("change, against a comparison with which", TENDER, "climbed 14.2%", "climbed 18.2%"),
    ("sum, a bulleted list after a colon", COUNTRY_NOTE, "Kao: 96,210", "Kao: 69,210"),
    ("change, a base after a contrast", COUNTRY_NOTE, "rose 10.8%", "rose 12.8%"),
    ("share, after a semicolon", COUNTRY_NOTE, "carats (7.7%)", "carats (9.7%)"),
    ("price, of re-exports", HUB, "USD 54.10/ct", "USD 61.40/ct"),
    ("share, of a total that was 'totalled'", HUB, "(16.7%)", "(18.7%)"),
    ("periods, a level 'recorded in' its months", CUMULATIVE, "14,186.53", "14,286.53"),
    ("change, 'below' a level", CUMULATIVE, "6.8% below", "8.8% below"),
    ("change, after an aside in brackets", CUMULATIVE, "of 6.6%", "of 8.6%"),
    ("share, destinations over two sentences", MARKETS, "remaining 8.8%", "remaining 16.8%"),
    ("price, a tender labelled by its month", QUARTERLY, "US$419/ct", "US$449/ct"),
    ("price, after 'while' a clause goes on", REGION, "US$431/ct", "US$481/ct"),
    ("change, against levels in brackets", BRACKETED_BASE, "by 10.2 per", "by 12.2 per"),
    ("share, a level restated as a share of spending", SPEND, "or 18.2%", "or 21.8%"),
    ("count share, N of M and a rate", SELL_THROUGH, "of 83.6%", "of 88.6%"),
    ("parts, of the whole a heading names", BY_DESTINATION, "Kong 17.9%", "Kong 27.9%"),
    ("count share, of the lots offered", OF_THE_LOTS, "or 90.0%", "or 82.5%"),
    ("periods, months listed before their figures", MONTHS_LISTED, "US$44.5", "US$51.5"),
    ("share, in brackets after one of a named whole", COUNCIL, "(7%)", "(11%)"),
    ("change, of ten weeks from a level last year", RETAILER, "up 8%", "up 12%"),
    ("share, items listed of one whole", SHAPES, "remaining 8%", "remaining 13%"),
    ("sum, a table's column", KP_TABLE, "606,700          245.5", "606,700          254.5"),
    ("price, a table's row", STATS_TABLE, "2,223", "2,423"),
    ("sum, parts a total 'comprised'", SEGMENTS, "£24.2m online", "£31.2m online"),
    ("count share, N of the M lots on offer", TENDER_LOTS, "or 86%", "or 81%"),
    ("change, of lab-grown beside polished", LAB_GROWN, "soared 36.2%", "soared 32.6%"),
    ("sum, a table by year", BY_YEAR, "| 10,385 |", "| 10,835 |"),
    ("share, of what 'Of this' refers to", OF_THIS, "or 27% of", "or 31% of"),
    ("periods, months bulleted under a heading", BULLETED_MONTHS, "$1,047.9", "$1,097.9"),
    ("periods, months of a quarter listed", QUARTER_MONTHS, "1,183.5", "1,283.5"),
    ("parts, the rest of shares said respectively", KP_VALUE_SHARES, "up 19%", "up 25%"),
    ("change, from a level to a level", FROM_TO, "by 4.1%", "by 6.1%"),
    ("count share, 'Of these,' of the count before", NEW_MEMBERS, "or 36%", "or 41%"),
    ("count share, the second 'Of these'", NEW_MEMBERS, "or 27%", "or 31%"),
    ("change, of an index from the start of the month", SIZE_INDEX, "gained 1.5%", "gained 2.5%"),
    ("change, 'and was up' the same index", SIZE_INDEX, "up 9.8%", "up 6.8%"),
    ("count share, N of the M lots sold, a rate", SPECIALS_SOLD, "of 75%", "of 81%"),
    ("sum, 'Of the' total and its parts", OF_THE_TOTAL, "£241.7", "£214.7"),
    ("count share, 'Of the N lots offered, M were sold'", TENDER_TABLE, "or 87.7%", "or 81.7%"),
    ("count share, a part named in capitals", WORKFORCE, "or 46%", "or 49%"),
    ("share, of a source listed before", BY_SOURCE, "of 17.1%", "of 18.1%"),
    ("share, the first source listed before", BY_SOURCE, "38.1%", "36.1%"),
    ("change, the verb left out ('and value by')", KP_SUMMARY, "nearly 17%", "nearly 21%"),
    ("change, the verb left out ('and value 49% to')", KP_SUMMARY, "value 49%", "value 42%"),
    ("change, its value from a level to a level", KP_SUMMARY, "climbed 9.8%", "climbed 7.8%"),
    ("price, a base after 'lifting the average price from'", KP_SUMMARY, "US$92", "US$98"),
    ("sum, a 'Total, three' row", LISTED_TOTAL, "88,793", "88,739"),
    ("periods, 'of which X was generated in July'", QUARTER_OF_WHICH, "850.3", "858.3"),
    ("share, of what 'combined imports and exports' came to", COMBINED_TRADE, "19.7%", "21.7%"),
    ("change, a table's y/y column", KEY_FIGURES, "+60%", "+45%"),
    ("price, a change of an average value", AVERAGE_VALUE, "up 2.7%", "up 4.7%"),
    ("share, of the table row its sentence opens with", BY_CATEGORY, "d 34%", "d 37%"),
    ("share, the first of two of different wholes", BY_CATEGORY, "for 57%", "for 52%"),
    ("rank, with some of those above it named", KP_RANKS, "ranked third", "ranked second"),
    ("price, of a tender 'of the year'", TENDER_OF_THE_YEAR, "$1,765", "$1,865"),
    ("share, a level 'accounting for' a share, in pula", PULA_QUARTER, "for 87.6", "for 91.6"),
    ("share, of 'national output' after a change", NATIONAL_OUTPUT, "for 77", "for 81"),
    ("cross-document, 'The country's 2016 production'", KP_RESTATED, "1,079", "1,122"),
    ("cross-document, 'In 2017 … fell 3.4% to'", AWDC_RESTATED, "11.4 billion", "11.8 billion"),
    ("sum, a table of fiscal years", FISCAL_TABLE, "3,538,574", "3,535,574"),
    ("periods, quarters of a fiscal year", FISCAL_QUARTERS, "25,498", "25,538"),
    ("share, 'By destination, … of the total'", INDIA_DESTINATIONS, "36.5%", "38.5%"),
    ("share, listed 'respectively' after levels listed", INDIA_DESTINATIONS, "7.9%", "9.9%"),
    (
        "sum, a table whose header names its units on a second line",
        STACKED_HEADER,
        "1,670\n",
        "1,679\n",
    ),
    ("share, of a flow the other way", PARTNER_SOURCE, "19.8%", "21.8%"),
    ("price, beside a sentence opening 'A year earlier'", A_YEAR_EARLIER, "$230", "$250"),
    ("price, a table row among months", TENDER_TABLE, "33.5       257", "35.5       257"),
    ("change, of a table's item", BY_YEAR, "rose 8.0%", "rose 9.0%"),
    ("share, of a whole in pounds", SEGMENTS, "representing 51.4%", "representing 55.4%"),
    ("change, of ten weeks on the same period", RETAILER, "up 4.2%", "up 6.2%"),
    ("price, after a run-in heading", COUNCIL, "US$825 per", "US$885 per"),
    ("change, from a level in rupees", COUNCIL, "fell 14.6%", "fell 17.6%"),
]
RULES = {
    "price": {"ratio"},
    "share": {"shares-of-whole", "implied-quantity"},
    "sum": {"sum-of-parts"},
    "change": {"change"},
    "points": {"change"},
    "count share": {"count-share", "granularity"},
    "periods": {"periods"},
    "difference": {"difference"},
    "parts": {"shares-of-whole"},
    "rank": {"rank-claims"},
    "cross-document": {"same-period"},
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("wordings") / "corpus.sqlite"
    assert CliRunner().invoke(app, ["init", "--db", str(db)]).exit_code == 0
    return db


def _failures(corpus: Path, folder: Path, body: str) -> list[str]:
    text = folder / "release.txt"
    text.write_text(HEAD + body + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["verify", str(text), "--db", str(corpus), "--format", "json"])
    rows = json.loads(result.stdout)["sections"]["findings"]
    return [r["rule"] for r in rows if r["status"] == "fail"]


@pytest.mark.parametrize(("case", "body", "right", "wrong"), CASES, ids=[c[0] for c in CASES])
def test_a_wording_relates_its_figures(
    corpus: Path, tmp_path: Path, case: str, body: str, right: str, wrong: str
) -> None:
    assert _failures(corpus, tmp_path, body) == []
    assert RULES[case.split(",")[0]] & set(_failures(corpus, tmp_path, body.replace(right, wrong)))


def test_parts_not_said_to_be_all_are_summed_in_no_alarm(corpus: Path, tmp_path: Path) -> None:
    assert _failures(corpus, tmp_path, SOME_MINES) == []


def test_a_group_counted_otherwise_than_listed_is_summed_in_no_alarm(
    corpus: Path, tmp_path: Path
) -> None:
    # "the two countries" after three listed: which two is not said
    body = GROUP.replace("63.0%", "63.5%").replace("the three countries", "the two countries")
    assert _failures(corpus, tmp_path, body) == []


def test_a_wrong_change_in_points_is_quoted_and_said_in_points(
    corpus: Path, tmp_path: Path
) -> None:
    text = tmp_path / "release.txt"
    text.write_text(HEAD + POINTS.replace("3.3 percentage", "4.3 percentage") + "\n", "utf-8")
    result = CliRunner().invoke(app, ["verify", str(text), "--db", str(corpus), "--format", "json"])
    [failure] = [
        r for r in json.loads(result.stdout)["sections"]["findings"] if r["status"] == "fail"
    ]
    assert result.exit_code == 1
    assert "“4.3 percentage points”" in failure["finding"]
    assert (
        "the levels give +3.2 to +3.4 points, the text says +4.25 to +4.35 points"
        in (failure["finding"])
    )


NO_ALARM = {  # figures that agree, read wrong once: another measure beside a flow, some parts
    "a paragraph after a destination is not the destination's": (
        "Antwerp's rough exports grew to USD 12.94 billion in 2018. India, by far the first "
        "destination, took USD 6.83 billion of them, or 52.8%.\n\nPolished exports slid 4.2% to "
        "USD 10.92 billion. Volumes contracted 7.8% to 4.62 million carats, so that the average "
        "export price firmed 3.9% to USD 2,364 per carat."
    ),
    "a market's level after a net figure is not net": (
        "Antwerp's polished exports were USD 10.92 billion in 2018 and its polished imports USD "
        "10.49 billion. Net polished exports climbed 60% to USD 431.6 million, up from USD 269.2 "
        "million. Hong Kong kept its place as the leading market for Antwerp polished with USD "
        "2.71 billion."
    ),
    "tonnes of ore, carats and a decline in grade": (
        "Mountain Province Diamonds Inc. announces results for the quarter ended September 30, "
        "2021.\n\n- 10,212,468 tonnes mined (ore and waste), an 8% increase on Q3 2020\n- "
        "864,553 tonnes of ore treated, up 3% versus the prior-year quarter\n- 1,601,724 carats "
        "recovered, 13% fewer than in Q3 2020\n\nOre tonnes mined rose 11% against Q3 2020. The "
        "15% decline in recovered grade reflects the planned sequencing of the pits. Revenue "
        "climbed 44% to US$82.4 million from US$57.2 million as prices continued to recover from "
        "the pandemic lows of 2020."
    ),
    "a bound in a headline, and marine production": (
        "NAMDEB HOLDINGS ANNUAL REVIEW 2018: MARINE FLEET LIFTS OUTPUT ABOVE 2 MILLION CARATS\n\n"
        "Namdeb Holdings recovered 2,024,370 carats in 2018, up 8.2% on the 1,871,520 carats "
        "produced in 2017.\n\nMarine production climbed 10.4% to 1,563,460 carats, from 1,416,180 "
        "carats in the prior year, and accounted for 77.2% of total recoveries."
    ),
    "a group's share with its members a paragraph apart": (
        "Global production of rough diamonds in 2019 was valued at US$13.93 billion.\n\nThe "
        "Russian Federation remained the leading producer, with output valued at US$4.18 "
        "billion, equal to 30.0% of the world total.\n\nBotswana ranked second by value, "
        "producing diamonds worth US$3.46 billion (24.8%), followed by Canada with US$2.09 "
        "billion (15.0%). The three leading producers together accounted for nearly 70% of "
        "global production by value."
    ),
    "the largest of the mines, not of the territory they make up": (
        "Diamond mines in the Northwest Territories produced 18.3 million carats in 2018.\n\n"
        "Gahcho Kué produced 6.95 million carats, Diavik 6.70 million carats and Ekati 4.60 "
        "million carats in 2018. Gahcho Kué was the largest producer by volume, accounting for "
        "38.1% of all carats recovered in the territory."
    ),
    "a list under no stated total": (
        "Gokhran sold rough diamonds for RUB 11.43 billion in 2017.\n\nBy buyer group, purchases "
        "in 2017 were distributed as follows:\n- Russian enterprises - RUB 4.71 billion (41.2%);\n"
        "- companies in Belgium - RUB 3.98 billion (34.8%);\n- other companies - RUB 2.74 billion "
        "(24.0%)."
    ),
    "imports against exports of one month, among the smallest, bidders": (
        "Israel's net rough imports reached $1,018.6 million in the first quarter of 2019 against "
        "net rough exports of $842.3 million, a net rough balance of $176.3 million.\n\nNamibia's "
        "output of 1,718 thousand carats in 2016 is among the smallest of the leading producers "
        "by volume.\n\nA total of 142 companies registered for the auction in November 2019, 113 "
        "of which submitted bids. Contracts were awarded to 71 companies, meaning that nearly 63% "
        "of active bidders secured at least one parcel."
    ),
    "sales cycles of a year, no period": (
        "De Beers announced the value of its rough diamond sales for the sixth sales cycle of "
        "2019.\n\nThe provisional value of rough diamond sales for the sixth cycle of 2019 was "
        "$585 million. For the year to date, the provisional value of rough diamond sales for "
        "cycles one to six of 2019 came in at $3,520 million, up 19.6% against $2,943 million in "
        "the same period of 2018. Cycles one to five had brought in $2,935 million."
    ),
    "specials and smaller goods, parts of a tender": (
        "Scheldt Rough Tenders NV announced the results of its June tender.\n\nResults at a "
        "glance\nCarats sold:       171,030\nTotal proceeds:    US$38.62 million\nAverage "
        "price:     US$226 per carat\n\nSpecials above 10.8 carats made up 46 of the lots "
        "sold, weighing 1,284 carats in total and fetching US$11.94 million, or about US$9,300 "
        "per carat. The balance of US$26.68 million came from 169,746 carats of smaller goods, "
        "at an average of US$157 per carat."
    ),
    "an average per transaction": (
        "Signet's bridal sales in North America were US$2.60 billion in 2019. The average "
        "transaction value in North America rose 4% to US$461 from US$443."
    ),
    "an average selling price": (
        "Signet's gold jewellery sales were US$1.2 billion in 2019. The average selling price of "
        "gold jewellery was US$460."
    ),
    "a level after a list, in the same period of last year": (
        "Zimbabwe's diamond production in the first half of 2019 reached 1.52 million carats. "
        "Zimbabwe Consolidated Diamond Company produced 1.21 million carats; Murowa Diamonds "
        "0.31 million. Production in the same period of 2018 was 1.48 million carats."
    ),
    "an earlier half in passing, a mine's share of the sales": (
        "Petra Diamonds, whose financial year runs to 30 June, sold 1,567,226 carats for "
        "US$178.8 million in H1 FY2020 (H1 FY2019: 1,491,000 carats for US$229.1 million). The "
        "average price was US$114 per carat, 26% below the US$154 per carat of H1 FY2019. "
        "Cullinan accounted for 705,000 carats."
    ),
    "a price of production after trade totals": (
        "The Kimberley Process reported world production of 138.4 million carats for 2019, "
        "valued at US$13.9 billion (Russia 45.3 million carats; Botswana 23.7 million; Canada "
        "18.6 million). Exports by participants totalled US$29.3 billion; imports US$28.1 "
        "billion. The average value of world production was US$100.4 per carat."
    ),
    "a size class": (
        "Okavango Diamond Company sold 364,780 carats for US$41.2 million at its spot auction in "
        "August 2019, an average of US$113 per carat. Stones of 10.8 carats and larger fetched "
        "US$12.45 million for 11,900 carats, or US$1,046 per carat, while the remaining 352,880 "
        "carats sold for US$28.75 million."
    ),
    "some of the parts listed": LISTED.replace("Ekati 3.9 million; ", ""),
    "a cost of production": (
        "Firestone's production was worth US$20.2 million in the first quarter of 2019. The "
        "cash cost of production was US$13.1 million, or US$10.8 per tonne treated."
    ),
    "a table by size class": (
        "RoughLink sold 291 lots of rough diamonds for US$24.66 million in November 2021.\n\n"
        "Results by size category:\nSpecials (+10.8 ct): 38 lots, 1,420 carats, US$7.48 "
        "million, US$5,268/ct\n2–10.8 ct: 96 lots, 11,260 carats, US$9.82 million, US$872/ct\n"
        "Below 2 ct: 157 lots, 40,200 carats, US$7.36 million, US$183/ct"
    ),
    "a month-on-month change in a year's paragraph": (
        "Antwerp's polished exports reached a record US$11.76 billion in 2021.\n\nPolished "
        "exports softened 9.9% month-on-month from US$1,163 million."
    ),
    "like-for-like sales and stores opened": (
        "Hartwell & Lane Jewelers' net sales increased 21.8% to US$1,842.6 million in fiscal "
        "2021, compared to US$1,512.3 million in fiscal 2020. On a like-for-like basis, sales "
        "rose 18.4%. During the year the company opened 11 stores and closed 4, ending fiscal "
        "2021 with 412 stores."
    ),
    "a rise in price beside a rise in revenue, and an average per cycle": (
        "Meridian Diamond Corporation lifted first-half 2022 rough sales revenue 27.3% to "
        "US$2.94 billion (1H21: US$2.31 billion), as a 22% rise in its average realised price "
        "offset softer demand. Sales were US$1.52 billion in the first quarter of 2022 and "
        "US$1.42 billion in the second. The company held five sales cycles during the half, "
        "averaging US$588 million each."
    ),
    "total exports of goods": (
        "The value of diamond shipments from the Northwest Territories was C$2.31 billion in "
        "2019. Diamonds made up 93% of total exports of goods from the Northwest Territories, "
        "which came to C$2.48 billion."
    ),
}


@pytest.mark.parametrize("body", NO_ALARM.values(), ids=list(NO_ALARM))
def test_figures_that_agree_raise_no_alarm(corpus: Path, tmp_path: Path, body: str) -> None:
    assert _failures(corpus, tmp_path, body) == []


def test_a_kept_draft_asks_no_question_it_answered(tmp_path: Path) -> None:
    db = tmp_path / "corpus.sqlite"
    assert CliRunner().invoke(app, ["init", "--db", str(db)]).exit_code == 0
    text = tmp_path / "release.txt"
    text.write_text(HEAD + DESTINATIONS + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["verify", str(text), "--db", str(db), "--keep"])
    assert result.exit_code == 0, result.output
    draft = (tmp_path / "release.toml").read_text(encoding="utf-8")
    assert "whole = " in draft
    assert "a share of what?" not in draft
