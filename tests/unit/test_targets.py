"""Target values (指标值): every one in seeds 003 and 004, the DESIGN.md variants, deadlines, round trips."""

import datetime
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.targets import (
    COMPARATORS,
    PREFIXES,
    SUFFIXES,
    Kind,
    Target,
    describe_target,
    format_target,
    is_met,
    parse_number,
    parse_target,
    suspicious,
)

Q, D, L, R = Kind.QUANTITATIVE, Kind.DEADLINE, Kind.QUALITATIVE, Kind.RANGE

# A loaded machine (two cores, several test runs) must not turn a slow example into a failure.
relaxed = settings(deadline=None)


def fields(target):
    return (target.kind, target.comparator, target.value, target.unit, target.deadline, target.lower, target.upper)


def expected(kind, *rest):
    """Build the expected fields from a table row: (Q, cmp, value, unit) / (R, lower, upper, unit) / (D, date) / (L,)."""
    if kind is Q:
        comparator, value, unit = rest
        return (Q, comparator, Decimal(value), unit, None, None, None)
    if kind is R:
        lower, upper, unit = rest
        return (R, None, None, unit, None, Decimal(lower), Decimal(upper))
    if kind is D:
        return (D, None, None, None, datetime.date.fromisoformat(rest[0]), None, None)
    return (L, None, None, None, None, None, None)


# Every distinct 指标值 of seeds 003 and 004 (5th cell of each indicator row), as written.
SEED_TARGETS = [
    ('≥17台', Q, '>=', '17', '台'),
    ('≥1个', Q, '>=', '1', '个'),
    ('≥90%', Q, '>=', '90', '%'),
    ('≤5%', Q, '<=', '5', '%'),
    ('≤4小时', Q, '<=', '4', '小时'),
    ('≤30分钟', Q, '<=', '30', '分钟'),
    ('≤2.5万元', Q, '<=', '2.5', '万元'),
    ('≤4.5万元', Q, '<=', '4.5', '万元'),
    ('≤5万元', Q, '<=', '5', '万元'),
    ('≥39万次', Q, '>=', '39', '万次'),
    ('≥1年', Q, '>=', '1', '年'),
    ('可扩展性强', L),
    ('支持各类主流硬件设备', L),
    ('≥95% ', Q, '>=', '95', '%'),
    ('≥4场', Q, '>=', '4', '场'),
    ('≥2000人次', Q, '>=', '2000', '人次'),
    ('≥3天', Q, '>=', '3', '天'),
    ('≥95%', Q, '>=', '95', '%'),
    ('100%', Q, '=', '100', '%'),
    ('≤91.84万元', Q, '<=', '91.84', '万元'),
    ('帮助企业开拓国际市场', L),
    ('提升我市国际影响力和知名度', L),
    ('宣传天津良好的营商环境', L),
    ('≥60000份', Q, '>=', '60000', '份'),
    ('≥20份', Q, '>=', '20', '份'),
    ('≤1%', Q, '<=', '1', '%'),
    ('≤1工作日', Q, '<=', '1', '工作日'),
    ('≤3工作日', Q, '<=', '3', '工作日'),
    ('≤224.7万元', Q, '<=', '224.7', '万元'),
    ('≤1万元', Q, '<=', '1', '万元'),
    ('持续提升', L),
    ('≤0.1%', Q, '<=', '0.1', '%'),
    ('2场', Q, '=', '2', '场'),
    ('≥120人', Q, '>=', '120', '人'),
    ('≥2天', Q, '>=', '2', '天'),
    ('≤28.8万元', Q, '<=', '28.8', '万元'),
    ('举办海外经贸项目', L),
    ('推介招商引资项目', L),
    ('≥100份', Q, '>=', '100', '份'),
    ('≥70期', Q, '>=', '70', '期'),
    ('≥13份', Q, '>=', '13', '份'),
    ('≥8份', Q, '>=', '8', '份'),
    ('≥11案', Q, '>=', '11', '案'),
    ('≥2国别', Q, '>=', '2', '国别'),
    ('≥5项目', Q, '>=', '5', '项目'),
    ('≥6场', Q, '>=', '6', '场'),
    ('专业严谨、合法合规', L),
    ('≥100%', Q, '>=', '100', '%'),
    ('2023年12月底前完成', D, '2023-12-31'),
    ('≤130万元', Q, '<=', '130', '万元'),
    ('≤75万元', Q, '<=', '75', '万元'),
    ('≤35万元', Q, '<=', '35', '万元'),
    ('≤5.2万元', Q, '<=', '5.2', '万元'),
    ('≤14.8万元', Q, '<=', '14.8', '万元'),
    ('显著降低企业维权成本、切实减少企业法律风险损失', L),
    ('帮助企业防范应对法律风险、显著提升企业国际化经营能力和维权能力。', L),
    ('不断加大知识产权保护力度，切实提高企业知识产权保护意识和能力。', L),
    ('≥30次', Q, '>=', '30', '次'),
    ('≥2部', Q, '>=', '2', '部'),
    ('≥500条', Q, '>=', '500', '条'),
    ('≥40条', Q, '>=', '40', '条'),
    ('≥6篇', Q, '>=', '6', '篇'),
    ('2023年12月', D, '2023-12-31'),
    ('≤56万元', Q, '<=', '56', '万元'),
    ('促进外资企业复工达产，稳住外资外贸基本盘，坚定外资企业在津发展信心，扩大在津投资。', L),
    ('通过解决外资企业诉求，助力优化外资企业在我市营商环境。', L),
    ('全力推进诉求解决，做好诉求解决回访和日常沟通，提升工作质效，让外资企业真实感受“有题必答、有诉必应”的“天津温暖”，营造拴心留人的软环境，为做好服务外资企业工作，稳住宏观经济大盘作出积极贡献。', L),  # noqa: E501
    ('≥6个', Q, '>=', '6', '个'),
    ('≤4次', Q, '<=', '4', '次'),
    ('一季度一次', L),
    ('≤26万元', Q, '<=', '26', '万元'),
    ('学习新进经验，推进白沟试点能级提升，', L),
    ('11类', Q, '=', '11', '类'),
    ('2024年12月底', D, '2024-12-31'),
    ('2024年全年', D, '2024-12-31'),
    ('≤40万元', Q, '<=', '40', '万元'),
    ('满足日常办公需求，保障工作正常开展', L),
    ('≥98%', Q, '>=', '98', '%'),
    ('3条', Q, '=', '3', '条'),
    ('6台', Q, '=', '6', '台'),
    ('413.66平米', Q, '=', '413.66', '平米'),
    ('≤2.48万元', Q, '<=', '2.48', '万元'),
    ('≤16.55万元', Q, '<=', '16.55', '万元'),
    ('确保中心工作正常开展。', L),
    ('8人数', Q, '=', '8', '人数'),
    ('≤112.78万元', Q, '<=', '112.78', '万元'),
    ('≥7次', Q, '>=', '7', '次'),
    ('≤54.9万元', Q, '<=', '54.9', '万元'),
    ('加强各地交流学习，推动白沟高质量发展，', L),
    ('4人', Q, '=', '4', '人'),
    ('≤30.12万元', Q, '<=', '30.12', '万元'),
    ('2024年12月底完成发放', D, '2024-12-31'),
    ('《河北白沟箱包市场采购贸易方式试点专项资金管理使用办法》', L),
    ('支持市场采购企业，确保白沟试点外贸出口工作规模稳定向好。', L),
    ('≥2家', Q, '>=', '2', '家'),
    ('提升白沟新城外贸稳规模', L),
    ('1个', Q, '=', '1', '个'),
    ('≥1500种', Q, '>=', '1500', '种'),
    ('12个月', Q, '=', '12', '个月'),
    ('≤20万元', Q, '<=', '20', '万元'),
    ('对出口商品价格进行维护，保障出口价格真实，确保支持资金发放准确。', L),
    ('4台', Q, '=', '4', '台'),
    ('≤3.02万元', Q, '<=', '3.02', '万元'),
    ('储存试点采购贸易出口数据，保障工作正常开展', L),
    ('≥50家', Q, '>=', '50', '家'),
    ('≤70万元', Q, '<=', '70', '万元'),
    ('为企业提供风险保障，推进白沟商贸高质量发展。', L),
    ('≥5种', Q, '>=', '5', '种'),
    ('≤6万元', Q, '<=', '6', '万元'),
    ('确保资金发放使用合规，保障试点工作正常开展', L),
    ('≤60万元', Q, '<=', '60', '万元'),
    ('保障海关工作正常开展', L),
    ('≤55万元', Q, '<=', '55', '万元'),
    ('保证企业出口申报数据稳定，保障试点工作正常运行', L),
]


def test_the_seed_table_holds_every_distinct_value():
    texts = [row[0] for row in SEED_TARGETS]
    assert len(texts) == len(set(texts)) == 114


@pytest.mark.parametrize("row", SEED_TARGETS, ids=lambda row: row[0])
def test_seed_target(row):
    text, *rest = row
    target = parse_target(text)
    assert target.text == text
    assert fields(target) == expected(*rest)


@pytest.mark.parametrize("row", [r for r in SEED_TARGETS if r[1] is not L], ids=lambda row: row[0])
def test_seed_target_round_trips(row):
    target = parse_target(row[0])
    assert fields(parse_target(format_target(target))) == fields(target)


# DESIGN.md "Target values": ASCII and full-width forms, words, separators, spaces.
VARIANTS = [
    (">=17台", Q, ">=", "17", "台"),
    ("=>17台", Q, ">=", "17", "台"),
    ("≧17台", Q, ">=", "17", "台"),
    ("＞＝17台", Q, ">=", "17", "台"),
    ("＞=17台", Q, ">=", "17", "台"),
    ("≥ 17 台", Q, ">=", "17", "台"),
    ("不低于95%", Q, ">=", "95", "%"),
    ("不少于3场", Q, ">=", "3", "场"),
    ("不小于3场", Q, ">=", "3", "场"),
    ("大于等于90%", Q, ">=", "90", "%"),
    ("大于或等于90%", Q, ">=", "90", "%"),
    ("至少2次", Q, ">=", "2", "次"),
    ("达到100%", Q, ">=", "100", "%"),
    ("95%以上", Q, ">=", "95", "%"),
    ("95%及以上", Q, ">=", "95", "%"),
    ("100%完成", Q, "=", "100", "%"),
    ("95%以上完成", Q, ">=", "95", "%"),
    ("30家左右", Q, "=", "30", "家"),
    # The indicator's name repeated in the value
    ("满意度≥90%", Q, ">=", "90", "%"),
    ("服务对象满意度不低于95%", Q, ">=", "95", "%"),
    ("合格率100%", Q, "=", "100", "%"),
    ("覆盖率达到100%", Q, ">=", "100", "%"),
    ("不低于95%以上", Q, ">=", "95", "%"),
    ("不超过2.5万元", Q, "<=", "2.5", "万元"),
    ("不高于5%", Q, "<=", "5", "%"),
    ("不多于4次", Q, "<=", "4", "次"),
    ("小于等于4小时", Q, "<=", "4", "小时"),
    ("小于或等于4小时", Q, "<=", "4", "小时"),
    ("至多3人", Q, "<=", "3", "人"),
    ("<=4小时", Q, "<=", "4", "小时"),
    ("≦4小时", Q, "<=", "4", "小时"),
    ("＜＝4小时", Q, "<=", "4", "小时"),
    ("3天以内", Q, "<=", "3", "天"),
    ("3天以下", Q, "<=", "3", "天"),
    ("3天内", Q, "<=", "3", "天"),
    ("5%以下", Q, "<=", "5", "%"),
    ("控制在5%以内", Q, "<=", "5", "%"),
    ("控制在26万元以下", Q, "<=", "26", "万元"),
    ("≤0.1%", Q, "<=", "0.1", "%"),
    ("≤0.1", Q, "<=", "0.1", None),
    (">5", Q, ">", "5", None),
    ("大于5家", Q, ">", "5", "家"),
    ("高于90%", Q, ">", "90", "%"),
    ("超过1000人次", Q, ">", "1000", "人次"),
    ("多于3个", Q, ">", "3", "个"),
    ("<1%", Q, "<", "1", "%"),
    ("小于1%", Q, "<", "1", "%"),
    ("低于1%", Q, "<", "1", "%"),
    ("少于3次", Q, "<", "3", "次"),
    ("=100%", Q, "=", "100", "%"),
    ("＝100％", Q, "=", "100", "%"),
    ("100%", Q, "=", "100", "%"),
    ("17", Q, "=", "17", None),
    ("≥60,000份", Q, ">=", "60000", "份"),
    ("≥60，000份", Q, ">=", "60000", "份"),
    ("≥1,234,567.5元", Q, ">=", "1234567.5", "元"),
    ("≥ 60 000份", Q, ">=", "60000", "份"),
    ("≥１７台", Q, ">=", "17", "台"),
    ("≥　１７　台", Q, ">=", "17", "台"),
    ("　１００％　", Q, "=", "100", "%"),
    ("≥39万次", Q, ">=", "39", "万次"),
    ("≤2.5万元", Q, "<=", "2.5", "万元"),
    ("8人数", Q, "=", "8", "人数"),
    ("413.66平米", Q, "=", "413.66", "平米"),
    ("12个月", Q, "=", "12", "个月"),
    ("≥1工作日", Q, ">=", "1", "工作日"),
    ("≥-5℃", Q, ">=", "-5", "℃"),
    ("≤−0.5‰", Q, "<=", "-0.5", "‰"),
    ("≥200m²", Q, ">=", "200", "m²"),
    ("≥2次/年", Q, ">=", "2", "次/年"),
    ("≥2.50万元", Q, ">=", "2.50", "万元"),
]


@pytest.mark.parametrize("row", VARIANTS, ids=lambda row: row[0])
def test_variant(row):
    text, *rest = row
    target = parse_target(text)
    assert target.text == text
    assert fields(target) == expected(*rest)


# Comparators as printed across provinces (issue: target values as printed across provinces).
SPELLINGS = [
    ("═100%", Q, "=", "100", "%"),
    ("＝100%", Q, "=", "100", "%"),
    ("≧95%", Q, ">=", "95", "%"),
    ("≦5%", Q, "<=", "5", "%"),
    ("⩾95%", Q, ">=", "95", "%"),
    ("⩽5%", Q, "<=", "5", "%"),
    ("＞5家", Q, ">", "5", "家"),
    ("＜1%", Q, "<", "1", "%"),
    (">=95%", Q, ">=", "95", "%"),
    ("<=5%", Q, "<=", "5", "%"),
    ("不低于90分", Q, ">=", "90", "分"),
    ("不少于20人", Q, ">=", "20", "人"),
    ("不小于3个", Q, ">=", "3", "个"),
    ("至少1次", Q, ">=", "1", "次"),
    ("20人以上", Q, ">=", "20", "人"),
    ("不高于5%", Q, "<=", "5", "%"),
    ("不超过10万元", Q, "<=", "10", "万元"),
    ("不大于3天", Q, "<=", "3", "天"),
    ("10个工作日以内", Q, "<=", "10", "个工作日"),
    ("1%以下", Q, "<=", "1", "%"),
    # "about 30" reads as the plain figure 30
    ("约30人", Q, "=", "30", "人"),
    ("大约30人", Q, "=", "30", "人"),
    ("约为30人", Q, "=", "30", "人"),
    ("30人左右", Q, "=", "30", "人"),
    ("约30人左右", Q, "=", "30", "人"),
    ("约95%以上", Q, ">=", "95", "%"),
    ("资金按时到位率为100%", Q, "=", "100", "%"),  # 福建 2025
    ("满意度为95%", Q, "=", "95", "%"),
    ("满意度95%以上", Q, ">=", "95", "%"),
    ("满意度约90%", L),  # "签约5家" is prose, so 约 never follows a repeated name
    ("签约5家企业", L),
]

# Ranges: lower and upper bounds, both included, one unit.
RANGES = [
    ("20～30人", R, "20", "30", "人"),
    ("20~30人", R, "20", "30", "人"),
    ("20〜30人", R, "20", "30", "人"),
    ("20至30人", R, "20", "30", "人"),
    ("20到30人", R, "20", "30", "人"),
    ("20—30人", R, "20", "30", "人"),
    ("20——30人", R, "20", "30", "人"),
    ("20–30人", R, "20", "30", "人"),
    ("20-30人", R, "20", "30", "人"),
    ("20－30人", R, "20", "30", "人"),
    ("20人-30人", R, "20", "30", "人"),
    ("20人至30人", R, "20", "30", "人"),
    ("20 ～ 30 人", R, "20", "30", "人"),
    ("5-10万元", R, "5", "10", "万元"),
    ("5万元-10万元", R, "5", "10", "万元"),
    ("80%-90%", R, "80", "90", "%"),
    ("80-90%", R, "80", "90", "%"),
    ("95%-100%", R, "95", "100", "%"),
    ("８０％－９０％", R, "80", "90", "%"),
    ("0.5-1.5小时", R, "0.5", "1.5", "小时"),
    ("-5～5℃", R, "-5", "5", "℃"),
    ("1,000-2,000份", R, "1000", "2000", "份"),
    ("20-30人左右", R, "20", "30", "人"),
    ("约20-30人", R, "20", "30", "人"),
    ("1-2", R, "1", "2", None),
    ("30-30人", R, "30", "30", "人"),
    ("≥95%且≤100%", R, "95", "100", "%"),
    ("≥95%并且≤100%", R, "95", "100", "%"),
    ("≥95%,≤100%", R, "95", "100", "%"),
    ("≥95%，≤100%", R, "95", "100", "%"),
    ("≤100%且≥95%", R, "95", "100", "%"),
    ("≥95且≤100%", R, "95", "100", "%"),
    ("不低于95%且不高于100%", R, "95", "100", "%"),
    ("不少于20人、不超过30人", R, "20", "30", "人"),
    ("95%以上且100%以下", R, "95", "100", "%"),
    ("满意度≥95%且≤100%", R, "95", "100", "%"),
    ("合格率80%-90%", R, "80", "90", "%"),
    ("±3%以内", R, "-3", "3", "%"),  # 广东 东莞 2019
    ("±3%", R, "-3", "3", "%"),
    ("+/-0.5℃", R, "-0.5", "0.5", "℃"),
    ("5-10百分比", R, "5", "10", "%"),
    ("≥100百分比", Q, ">=", "100", "%"),  # 安徽 汤溪 2022
    ("≥95百分率", Q, ">=", "95", "%"),
]

# What looks like a range but is not one: left to a human, with a warning.
NOT_RANGES = [
    ("30-20人", "区间下限大于上限，将作定性指标评价"),
    ("20人-30次", "区间两端的计量单位不同，将作定性指标评价"),
    ("≥95%且≤100次", "区间两端的计量单位不同，将作定性指标评价"),
    ("≥100%且≤95%", "区间下限大于上限，将作定性指标评价"),
    (">95%且<100%", None),  # strict ends are no range of ours
    ("≥95%且≥100%", None),
]

# Numbers in words are read before a measure word, and flagged for the officer to check.
IN_WORDS = [
    ("二十人", Q, "=", "20", "人"),
    ("两次", Q, "=", "2", "次"),
    ("一次", Q, "=", "1", "次"),
    ("十次", Q, "=", "10", "次"),
    ("十二个月", Q, "=", "12", "个月"),
    ("三个月", Q, "=", "3", "个月"),
    ("百分之九十五", Q, "=", "95", "%"),
    ("百分之百", Q, "=", "100", "%"),
    ("百分之九十五以上", Q, ">=", "95", "%"),
    ("不低于百分之九十", Q, ">=", "90", "%"),
    ("百分之99.5", Q, "=", "99.5", "%"),
    ("千分之五以下", Q, "<=", "5", "‰"),
    ("满意度达到百分之九十", Q, ">=", "90", "%"),
    ("不少于二十人", Q, ">=", "20", "人"),
    ("二十人以上", Q, ">=", "20", "人"),
    ("不超过两次", Q, "<=", "2", "次"),
    ("一百零五人", Q, "=", "105", "人"),
    ("一百五十人", Q, "=", "150", "人"),
    ("一百五人", Q, "=", "150", "人"),
    ("一千零五十份", Q, "=", "1050", "份"),
    ("十万元", Q, "=", "10", "万元"),
    ("三十五万元", Q, "=", "35", "万元"),
    ("一万五千元", Q, "=", "15000", "元"),
    ("两万五人次", Q, "=", "25000", "人次"),
    ("五个百分点", Q, "=", "5", "个百分点"),
    ("三千米", Q, "=", "3000", "米"),
    ("两家", Q, "=", "2", "家"),
    ("一年", Q, "=", "1", "年"),
    ("二十至三十人", R, "20", "30", "人"),
    ("百分之八十至百分之九十", R, "80", "90", "%"),
    ("二〇二四年十二月底", D, "2024-12-31"),
    ("二〇二四年十二月三十一日前", D, "2024-12-31"),
]

# Prose with numerals in it stays qualitative, without a warning.
PROSE = ["一季度一次", "持续提升", "十分满意", "一般", "统一标准", "第一名", "三五天", "两月", "一流水平", "一带一路",
         "万元", "百分点", "千方百计", "十全十美", "三公经费零增长"]


@pytest.mark.parametrize("row", SPELLINGS + RANGES, ids=lambda row: row[0])
def test_spelling(row):
    text, *rest = row
    target = parse_target(text)
    assert target.text == text
    assert fields(target) == expected(*rest)
    assert target.warning is None


@pytest.mark.parametrize(("text", "warning"), NOT_RANGES)
def test_not_a_range(text, warning):
    target = parse_target(text)
    assert fields(target) == expected(L)
    assert target.warning == warning or (warning is None and target.warning and "读不出" in target.warning)


@pytest.mark.parametrize("row", IN_WORDS, ids=lambda row: row[0])
def test_number_in_words(row):
    text, *rest = row
    target = parse_target(text)
    assert fields(target) == expected(*rest)
    assert target.warning == "数字写成了汉字，请核对读法"
    assert fields(parse_target(format_target(target))) == fields(target)


@pytest.mark.parametrize("text", PROSE)
def test_prose_with_numerals_stays_qualitative(text):
    target = parse_target(text, 2024)
    assert fields(target) == expected(L)
    assert target.warning is None


def test_value_keeps_its_written_digits():
    assert parse_target("≥2.50万元").to_dict()["value"] == "2.50"
    assert parse_target("≥60,000份").to_dict()["value"] == "60000"


DEADLINES = [
    ("2024年12月底", "2024-12-31"),
    ("2024年12月", "2024-12-31"),
    ("2024年2月", "2024-02-29"),
    ("2023年2月底", "2023-02-28"),
    ("2024年12月31日", "2024-12-31"),
    ("2024年6月5号", "2024-06-05"),
    ("2024-12-20", "2024-12-20"),
    ("2024.12.20", "2024-12-20"),
    ("2024/12/20", "2024-12-20"),
    ("2024-12", "2024-12-31"),
    ("２０２４年１２月２０日", "2024-12-20"),
    ("2024 年 12 月 20 日", "2024-12-20"),
    ("2024年12月20日前", "2024-12-20"),
    ("2024年12月20日之前", "2024-12-20"),
    ("截至2024年12月20日", "2024-12-20"),
    ("于2024年10月底前完成", "2024-10-31"),
    ("2024年12月底前完成项目验收", "2024-12-31"),
    ("2024年底", "2024-12-31"),
    ("2024年末", "2024-12-31"),
    ("2024年全年", "2024-12-31"),
    ("2024年度", "2024-12-31"),
    ("2024年", "2024-12-31"),
    ("2024年内", "2024-12-31"),
    ("2024年6月底前", "2024-06-30"),
    ("2024年6月前", "2024-06-30"),
    ("完成时间为2022年12月30日", "2022-12-30"),  # 安徽 2022
    ("完成时限：2024年6月", "2024-06-30"),
    ("2024年6月上旬", "2024-06-10"),
    ("2024年6月中旬", "2024-06-20"),
    ("2024年6月下旬", "2024-06-30"),
    ("2024年上半年", "2024-06-30"),
    ("2024年下半年", "2024-12-31"),
    ("2024年第一季度", "2024-03-31"),
    ("2024年二季度", "2024-06-30"),
    ("2024年第三季度", "2024-09-30"),
    ("2024年三季度末", "2024-09-30"),
    ("2024年第4季度", "2024-12-31"),
]


@pytest.mark.parametrize(("text", "deadline"), DEADLINES)
def test_deadline(text, deadline):
    target = parse_target(text)
    assert fields(target) == expected(D, deadline)
    assert target.to_dict()["deadline"] == deadline


# A period is a deadline at its last day.
PERIODS = [
    ("2023.07-2024.01", "2024-01-31"),
    ("2023.7-2024.1", "2024-01-31"),
    ("2020年1月--2020年11月", "2020-11-30"),
    ("2020年1月——2020年11月", "2020-11-30"),
    ("2020年1月-2020年11月", "2020-11-30"),
    ("2020年1月至2020年11月", "2020-11-30"),
    ("2020年1月~2020年11月", "2020-11-30"),
    ("自2020年1月至2020年11月", "2020-11-30"),
    ("2023年1月-12月", "2023-12-31"),
    ("2023年1月至12月底", "2023-12-31"),
    ("2024年1-6月", "2024-06-30"),
    ("2024年1月1日-2024年6月30日", "2024-06-30"),
    ("2024年3月1日至6月15日", "2024-06-15"),
    ("2024.1.1-2024.6.30", "2024-06-30"),
    ("2024-01-01至2024-06-30", "2024-06-30"),
    ("2023年11月-2月", "2024-02-29"),  # the end without a year is the next one
    ("2023-2024年", "2024-12-31"),
    ("2023年-2024年", "2024-12-31"),
    ("2024年1月-6月底前完成", "2024-06-30"),
]


@pytest.mark.parametrize(("text", "deadline"), PERIODS)
def test_period(text, deadline):
    assert fields(parse_target(text)) == expected(D, deadline)
    assert fields(parse_target(text, 2019)) == expected(D, deadline)  # a written year wins


@pytest.mark.parametrize("text", ["2024年6月-2024年1月", "2024年6月30日-2024年1月1日"])
def test_period_ending_before_it_starts_is_left_to_a_human(text):
    target = parse_target(text)
    assert fields(target) == expected(L)
    assert target.warning == "日期无效，将作定性指标评价"


# A deadline written without a year takes the project's year, when the caller knows it.
YEARLESS = [
    ("9月底前", "2024-09-30"),
    ("9月前", "2024-09-30"),  # the month's last day, as "2024年9月前" always read
    ("11月前", "2024-11-30"),
    ("9月份前", "2024-09-30"),
    ("9月底", "2024-09-30"),
    ("12月31日前", "2024-12-31"),
    ("12月20日", "2024-12-20"),
    ("7月", "2024-07-31"),
    ("6月份", "2024-06-30"),
    ("2月底前完成", "2024-02-29"),
    ("10月中旬", "2024-10-20"),
    ("截至11月30日", "2024-11-30"),
    ("每年12月底前", "2024-12-31"),  # 湖南 南岳 2018
    ("12月底前100%到位", "2024-12-31"),  # 四川 昭化 2021
    ("年底前", "2024-12-31"),
    ("年底前完成", "2024-12-31"),
    ("年内", "2024-12-31"),
    ("本年度", "2024-12-31"),
    ("当年底", "2024-12-31"),
    ("上半年", "2024-06-30"),
    ("第三季度", "2024-09-30"),
    ("三季度末", "2024-09-30"),
    ("1-6月", "2024-06-30"),
    ("3月-6月", "2024-06-30"),
    ("11月-2月", "2025-02-28"),
    ("九月底前", "2024-09-30"),
    ("十二月三十一日前", "2024-12-31"),
]


@pytest.mark.parametrize(("text", "deadline"), YEARLESS)
def test_deadline_without_year_takes_the_project_year(text, deadline):
    target = parse_target(text, year=2024)
    assert fields(target) == expected(D, deadline)
    assert fields(parse_target(format_target(target))) == fields(target)  # written back with its year


@pytest.mark.parametrize(("text", "deadline"), YEARLESS)
def test_deadline_without_year_and_without_project_year_stays_qualitative(text, deadline):
    target = parse_target(text)
    assert fields(target) == expected(L)
    assert target.warning == "未写年份，按项目年度确定截止日期"


def test_year_zero_means_no_year():
    assert fields(parse_target("9月底前", 0)) == expected(L)
    assert parse_target("9月底前", 0).warning == "未写年份，按项目年度确定截止日期"


@pytest.mark.parametrize("text", ["2023年12月底前", "2023年全年", "≥17台", "12个月", "持续提升"])
def test_a_project_year_changes_nothing_else(text):
    assert fields(parse_target(text, 2030)) == fields(parse_target(text))


@pytest.mark.parametrize("text", ["13月", "2月30日", "0月"])
def test_yearless_date_that_does_not_exist(text):
    target = parse_target(text, 2024)
    assert fields(target) == expected(L)
    assert target.warning == "日期无效，将作定性指标评价"


QUALITATIVE = [
    "一季度一次",
    "持续提升",
    "可扩展性强",
    "支持各类主流硬件设备",
    "学习新进经验，推进白沟试点能级提升，",
    "完成2个项目的验收工作",
    "2个项目的验收",
    "≥95%的满意度",
    "≥5以下",  # says two things
    "12月底前",  # no year given: the reading is left to a human
    "12月20日",
    "6月份",
    "12月",
    "2024年13月",
    "2024年2月30日",
    "2024-13-01",
    "2024.13.01",
    "2024年12月底前支付完毕并提交报告",
    "1,2",
    "≥",
    "%",
    "约5万元左右，视情况而定",
    "第1名",
    "≥1234567台设备需要更新",
]


@pytest.mark.parametrize("text", QUALITATIVE)
def test_qualitative(text):
    target = parse_target(text)
    assert fields(target) == expected(L)
    assert format_target(target) == text


# Suspicious values are flagged, not silently qualitative.
WARNINGS = [
    ("abc≥", "有比较符“≥”但没有数值，将作定性指标评价"),
    ("≥", "有比较符“≥”但没有数值，将作定性指标评价"),
    ("＜", "有比较符“<”但没有数值，将作定性指标评价"),
    ("满意度≥", "有比较符“≥”但没有数值，将作定性指标评价"),
    ("满意度不低于", "有比较符“不低于”但没有数值，将作定性指标评价"),
    ("不超过", "有比较符“不超过”但没有数值，将作定性指标评价"),
    ("≥95%的满意度", "有比较符“≥”和数字，但读不出指标值，将作定性指标评价"),
    ("≥1234567台设备需要更新", "有比较符“≥”和数字，但读不出指标值，将作定性指标评价"),
    ("≥5以下", "前后比较符矛盾，将作定性指标评价"),
    ("2024年13月", "日期无效，将作定性指标评价"),
    ("2024年2月30日", "日期无效，将作定性指标评价"),
    ("12月底前", "未写年份，按项目年度确定截止日期"),
    ("二十人", "数字写成了汉字，请核对读法"),
]


@pytest.mark.parametrize(("text", "warning"), WARNINGS)
def test_suspicious_values_carry_a_warning(text, warning):
    target = parse_target(text)
    assert target.warning == warning
    assert suspicious(text) == warning
    assert warning in describe_target(target)


@pytest.mark.parametrize("text", ["≥17台", "2024年12月底", "20～30人", "持续提升", "达到预期效果", "高于全国平均水平",
                                  "以上工作全部完成", ""])
def test_plain_values_carry_no_warning(text):
    assert suspicious(text) is None


def test_warning_is_not_part_of_what_the_target_means():
    assert parse_target("二十人") == Target("二十人", Q, "=", Decimal(20), "人")


@pytest.mark.parametrize("text", ["", " ", "\u3000", "\t\n", "  \u3000 "])
def test_blank_is_refused(text):
    with pytest.raises(ValueError, match="指标值不能为空"):
        parse_target(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [("60,000", "60000"), ("60，000", "60000"), ("６０", "60"), (" 1 234.5 ", "1234.5"), ("-3", "-3"),
     (".5", ".5"), ("0.10", "0.10")],
)
def test_parse_number(text, number):
    assert parse_number(text) == Decimal(number)
    assert str(parse_number(text)) == str(Decimal(number))


@pytest.mark.parametrize("text", ["", "abc", "5万元", "1,2", "1e5", "NaN", "Infinity", "≥5", "1.2.3"])
def test_parse_number_refuses_what_is_not_a_number(text):
    assert parse_number(text) is None


def test_to_dict_of_a_range_adds_its_bounds():
    assert parse_target("20～30人").to_dict() == {
        "text": "20～30人", "kind": "range", "comparator": None, "value": None, "unit": "人", "deadline": None,
        "lower": "20", "upper": "30",
    }
    assert parse_target("≥95.0%且≤100%").to_dict()["lower"] == "95.0"


@pytest.mark.parametrize("text", ["≥17台", "2024年12月底", "持续提升", "abc≥", "二十人"])
def test_other_kinds_keep_their_shape(text):
    assert list(parse_target(text).to_dict()) == ["text", "kind", "comparator", "value", "unit", "deadline"]


def test_to_dict():
    assert parse_target("≥17台").to_dict() == {
        "text": "≥17台", "kind": "quantitative", "comparator": ">=", "value": "17", "unit": "台", "deadline": None,
    }
    assert parse_target("2024年12月底").to_dict() == {
        "text": "2024年12月底", "kind": "deadline", "comparator": None, "value": None, "unit": None,
        "deadline": "2024-12-31",
    }
    assert parse_target("持续提升").to_dict()["kind"] == "qualitative"
    assert Target("x", Q, "=", Decimal("6E+4"), None).to_dict()["value"] == "60000"


@pytest.mark.parametrize(("text", "reverse"), [("≤5%", True), ("<1%", True), ("≥95%", False), (">5", False),
                                                ("100%", False), ("2024年底", False), ("持续提升", False)])
def test_is_reverse(text, reverse):
    assert parse_target(text).is_reverse is reverse


@pytest.mark.parametrize(
    ("text", "formatted"),
    [("≥17台", "≥17台"), (">=17台", "≥17台"), ("不超过0.1%", "≤0.1%"), ("95%以上", "≥95%"), ("=100%", "100%"),
     ("２场", "2场"), ("≤0.1", "≤0.1"), ("大于5家", ">5家"), ("少于3次", "<3次"), ("2024年12月底", "2024年12月31日"),
     ("2024年上半年", "2024年6月30日"), ("支持各类主流硬件设备", "支持各类主流硬件设备")],
)
def test_format_target(text, formatted):
    assert format_target(parse_target(text)) == formatted


def test_format_adds_the_sign_when_bare_text_would_read_otherwise():
    year_count = Target("=2024年", Q, "=", Decimal("2024"), "年")
    assert format_target(year_count) == "=2024年"
    assert fields(parse_target(format_target(year_count))) == fields(year_count)


@pytest.mark.parametrize(
    ("text", "description"),
    [("≥17台", "≥ 17 台"), ("≤4小时", "≤ 4 小时"), ("100%", "= 100 %"), ("≤0.1", "≤ 0.1"), ("> 5家", "> 5 家"),
     ("<1%", "< 1 %"), ("2024年12月底", "截止 2024-12-31"), ("持续提升", "定性"), ("≥60,000份", "≥ 60000 份"),
     ("20～30人", "20–30 人"), ("5-10万元", "5–10 万元"), ("≥95%且≤100%", "95–100 %"), ("1-2", "1–2"),
     ("二十人", "= 20 人（数字写成了汉字，请核对读法）"), ("abc≥", "定性（有比较符“≥”但没有数值，将作定性指标评价）")],
)
def test_describe_target(text, description):
    assert describe_target(parse_target(text)) == description


@pytest.mark.parametrize(
    ("text", "actual", "met"),
    [
        ("≥95%", "95", True), ("≥95%", "94.99", False), ("≥95%", "100", True),
        (">5", "5", False), (">5", "5.01", True),
        ("≤26万元", "26", True), ("≤26万元", "26.01", False), ("≤26万元", "0", True),
        ("<1%", "1", False), ("<1%", "0.99", True),
        # An "=" target is met by any actual at or above it (year-end rule).
        ("100%", "100", True), ("100%", "99.9", False), ("2场", "3", True),
    ],
)
def test_is_met_at_the_boundary(text, actual, met):
    assert is_met(parse_target(text), Decimal(actual)) is met


def test_is_met_accepts_integers():
    assert is_met(parse_target("≥17台"), 17) is True


@pytest.mark.parametrize(
    ("actual", "met"),
    [(datetime.date(2024, 12, 30), True), (datetime.date(2024, 12, 31), True), (datetime.date(2025, 1, 1), False),
     (datetime.datetime(2024, 12, 31, 23, 59), True)],
)
def test_is_met_deadline(actual, met):
    assert is_met(parse_target("2024年12月底"), actual) is met


@pytest.mark.parametrize(
    ("text", "actual", "met"),
    [("20～30人", "20", True), ("20～30人", "30", True), ("20～30人", "25", True), ("20～30人", "19.99", False),
     ("20～30人", "30.01", False), ("≥95%且≤100%", "95", True), ("≥95%且≤100%", "100", True),
     ("≥95%且≤100%", "94", False), ("≥95%且≤100%", "101", False), ("-5～5℃", "-5", True), ("-5～5℃", "-6", False)],
)
def test_is_met_range_includes_both_ends(text, actual, met):
    assert is_met(parse_target(text), Decimal(actual)) is met
    assert is_met(parse_target(text), None) is None


def test_is_met_range_accepts_integers():
    assert is_met(parse_target("20～30人"), 25) is True


@pytest.mark.parametrize("text", ["≥95%", "2024年12月底", "持续提升"])
def test_is_met_without_actual_is_unknown(text):
    assert is_met(parse_target(text), None) is None


def test_is_met_qualitative_returns_the_grade():
    target = parse_target("持续提升")
    assert is_met(target, True) is True
    assert is_met(target, False) is False


# Round trips over generated targets.
UNITS = [None, "台", "%", "万元", "万次", "小时", "分钟", "工作日", "人数", "平米", "个月", "个", "次", "天", "年", "人次",
         "份", "场", "家", "‰", "℃", "m²", "元", "次/年", "项目", "国别", "km"]
values = st.decimals(min_value=-10**9, max_value=10**12, allow_nan=False, allow_infinity=False, places=4)
quantities = st.builds(
    lambda comparator, value, unit: Target("", Q, comparator, value, unit),
    st.sampled_from(COMPARATORS), values, st.sampled_from(UNITS),
)
deadlines = st.builds(
    lambda day: Target("", D, deadline=day),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31)),
)


@relaxed
@given(st.one_of(quantities, deadlines))
def test_format_then_parse_gives_the_same_fields(target):
    text = format_target(target)
    assert fields(parse_target(text)) == fields(target)


@relaxed
@given(st.text(min_size=1))
def test_parse_never_raises_and_keeps_the_text(text):
    if not unicodedata.normalize("NFKC", text).strip():
        return
    target = parse_target(text)
    assert target.text == text
    assert target.kind in Kind
    if target.kind is Q:
        assert target.comparator in COMPARATORS and target.value.is_finite()
        assert target.unit is None or 1 <= len(target.unit) <= 6


@relaxed
@given(st.text(alphabet="≥≤><=不低于超过以上内下0123456789.,，%万元台年月日底季度-/ 　", min_size=1))
def test_parse_never_raises_on_target_like_text(text):
    if text.strip():
        assert parse_target(text).text == text


@relaxed
@given(st.text(alphabet="≥≤><=不低于超过以上内下0123456789.,，%万元台年月日底季度第三-/ 　", min_size=1))
def test_what_parses_formats_back_to_itself(text):
    if text.strip():
        target = parse_target(text)
        assert fields(parse_target(format_target(target))) == fields(target)


ranges = st.builds(
    lambda a, b, unit: Target("", R, unit=unit, lower=min(a, b), upper=max(a, b)),
    values, values, st.sampled_from(UNITS),
)


@relaxed
@given(ranges)
def test_format_then_parse_gives_the_same_range(target):
    text = format_target(target)
    assert fields(parse_target(text)) == fields(target)
    assert fields(parse_target(text, 2024)) == fields(target)


@relaxed
@given(st.one_of(quantities, deadlines, ranges), st.sampled_from([None, 1999, 2024]))
def test_format_then_parse_with_a_project_year_gives_the_same_fields(target, year):
    assert fields(parse_target(format_target(target), year)) == fields(target)


# Pieces officers write, glued at random: comparators, numbers, units, separators, dates, numerals.
PIECES = sorted(
    {w for words in PREFIXES.values() for w in words} | {w for words in SUFFIXES.values() for w in words}
    | set("0 1 2 5 12 30 2023 2024 .5 9339729 - -- — ~ ～ 至 到 且 , 、 % 万元 万 元 人 次 个月 台 年 月 日 底 前 季度 第 "
          "一 二 三 两 十 百 千 百分之 完成 左右 即可 约 率 满意度 的 . / 上半年 号 份 m ² ℃ ± +/- 百分比 每年 时间为 为 度 是".split())
)


@relaxed
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=7).map("".join), st.sampled_from([None, 2024]))
def test_format_of_any_parse_parses_back_to_the_same_fields(text, year):
    target = parse_target(text, year)
    assert fields(parse_target(format_target(target), year)) == fields(target)


@relaxed
@given(st.text(min_size=1))
def test_format_of_any_text_parses_back_to_the_same_fields(text):
    if unicodedata.normalize("NFKC", text).strip():
        target = parse_target(text)
        assert fields(parse_target(format_target(target))) == fields(target)


@pytest.mark.parametrize("text", ["9339729即可即可", "5完成完成", "30左右左右", "≥5即可即可", "2季度", "两季度"])
def test_former_round_trip_counter_examples(text):
    for year in (None, 2024):
        target = parse_target(text, year)
        assert fields(parse_target(format_target(target), year)) == fields(target)
