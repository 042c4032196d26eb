"""Word lists the extraction rules use: surnames, pinyin syllables, titles, cue words. General knowledge of
the languages, nothing about particular reports. Chinese and Japanese words are in simplified characters:
the rules run over a simplified copy of the text (see `text.to_simplified`)."""

from __future__ import annotations

import re

# Common Chinese surnames (simplified). Characters that are much more often function words (和, 于, 都,
# 国, 从, 以 …) are left out on purpose: a name found after a title must not be "和个人".
SURNAMES_1 = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施"
    "牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁"
    "冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席"
    "卫米柏宗瞿桂佟臧闵苟邬边卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆冀郁胥班储栗燕"
    "楚鄢谌奚皮粟冼蔺楼闻厉伊仝郜阚帅屠朴练廉禹井祖漆巴丰卿狄宣晁芮扈阙戈伏鹿邸雍辜羊裘亓邰赫杭况逯茹慕嵇"
    "湛戎茅揭尉檀昝衡尧洪武于"
)
SURNAMES_2 = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "令狐",
        "端木",
        "南宫",
        "西门",
        "独孤",
        "呼延",
        "澹台",
        "轩辕",
        "钟离",
        "申屠",
        "万俟",
        "闻人",
        "拓跋",
        "百里",
        "东郭",
        "西门",
        "左丘",
        "梁丘",
        "公羊",
    ]
)
#: Common parts of Tibetan names, which have no surname: a name is two of them (扎西顿珠, 白玛次仁, 次仁多吉).
TIBETAN_NAME_PARTS = frozenset(
    re.findall(
        "..",
        "扎西次仁多吉白玛达瓦尼玛顿珠格桑旦增丹增平措索朗洛桑普布拉巴卓玛央金德吉巴桑益西"
        "强巴仁青群培贡嘎边巴米玛次旦罗布曲珍央宗拉姆加措嘉措坚参坚赞才旦才让多杰卓嘎索南"
        "泽仁泽旺阿旺琼达桑珠欧珠晋美赤列土登贡布群宗次珍德庆旺堆旺姆顿旦尼珍措姆拉珍朗杰"
        "巴珠次措巴登格列普琼玉珍",
    )
)
#: Characters that do not occur inside a name found by the rules (function words, common verbs).
NAME_STOP_CHARS = frozenset(
    "的了在是和与等及对为将把被从向个们地得着过也就还又并而其之以所无不这那各该此每率讲表指说见代看介汇通签陪认希提分带共会参出持"
)

# Pinyin syllables, for telling a romanized Chinese name ("Tan Zuojun") from other capitalized words.
_INITIALS: tuple[str, ...] = (
    "zh",
    "ch",
    "sh",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "r",
    "z",
)
_INITIALS += ("c", "s", "y", "w", "")
_FINALS = [
    "iang",
    "iong",
    "uang",
    "ang",
    "eng",
    "ing",
    "ong",
    "ian",
    "iao",
    "uai",
    "uan",
    "ai",
    "ei",
    "ao",
    "ou",
    "an",
    "en",
    "er",
    "ia",
    "ie",
    "iu",
    "in",
    "ua",
    "uo",
    "ui",
    "un",
    "ue",
    "ve",
    "a",
    "o",
    "e",
    "i",
    "u",
    "v",
]
PINYIN_SYLLABLES = frozenset(
    i + f
    for i in _INITIALS
    for f in _FINALS
    if not (i in {"j", "q", "x"} and f[0] not in "iuv")
    and not (i in {"zh", "ch", "sh", "z", "c", "s", "r"} and f.startswith("i") and f != "i")
    and not (i == "" and f in {"i", "u", "v", "in", "ing", "ie", "iu", "ui", "un", "ue", "ve", "ia"})
    and not (i in {"y", "w"} and f.startswith(("i", "u")) and f not in {"i", "u", "in", "ing", "ue", "un"})
) | frozenset(
    {"yi", "wu", "yu", "yue", "yuan", "yun", "ying", "yin", "ye", "you", "yan", "yang", "yong", "yao"}
)
PINYIN_SURNAMES = frozenset(
    [
        "Wang",
        "Li",
        "Zhang",
        "Liu",
        "Chen",
        "Yang",
        "Huang",
        "Zhao",
        "Wu",
        "Zhou",
        "Xu",
        "Sun",
        "Ma",
        "Zhu",
        "Hu",
        "Guo",
        "He",
        "Gao",
        "Lin",
        "Luo",
        "Zheng",
        "Liang",
        "Xie",
        "Song",
        "Tang",
        "Han",
        "Feng",
        "Deng",
        "Cao",
        "Peng",
        "Zeng",
        "Xiao",
        "Tian",
        "Dong",
        "Yuan",
        "Pan",
        "Yu",
        "Jiang",
        "Cai",
        "Du",
        "Ye",
        "Cheng",
        "Su",
        "Wei",
        "Lyu",
        "Lv",
        "Ding",
        "Ren",
        "Shen",
        "Yao",
        "Lu",
        "Cui",
        "Zhong",
        "Tan",
        "Fan",
        "Jin",
        "Shi",
        "Liao",
        "Jia",
        "Xia",
        "Fu",
        "Fang",
        "Bai",
        "Zou",
        "Meng",
        "Xiong",
        "Qin",
        "Qiu",
        "Yin",
        "Xue",
        "Yan",
        "Duan",
        "Lei",
        "Hou",
        "Long",
        "Tao",
        "Mao",
        "Hao",
        "Gong",
        "Shao",
        "Wan",
        "Qian",
        "Dai",
        "Mo",
        "Kong",
        "Xiang",
        "Kang",
        "Niu",
        "Ge",
        "Xing",
        "Qi",
        "Qiao",
        "Pang",
        "Ni",
        "Zhuang",
        "Nie",
        "Yue",
        "Zhai",
        "Zhan",
        "Ou",
        "Geng",
        "Guan",
        "Lan",
        "Jiao",
        "Zuo",
        "Gan",
        "Bao",
        "Ning",
        "Shang",
        "Shu",
        "Ruan",
        "Ke",
        "Ji",
        "Mei",
        "Tong",
        "Ling",
        "Bi",
        "Shan",
        "Pei",
        "Huo",
        "Tu",
        "Miao",
        "Gu",
        "Sheng",
        "Qu",
        "Weng",
        "Ran",
        "Che",
        "Chai",
        "Hua",
        "Zhuge",
        "Ouyang",
        "Sima",
        "Shangguan",
        "Murong",
        "Situ",
        "Ximen",
        "Mi",
        "Bo",
        "Chai",
        "Ying",
        "Rong",
        "Sha",
        "Lang",
        "Yin",
        "Ao",
        "Gou",
        "Chu",
        "Lian",
        "Kou",
        "Sang",
        "Bian",
        "Ban",
        "Chi",
        "Yun",
    ]
)
#: English words after which a capitalized pair is an organization or a place, not a person.
EN_ORG_HEADS = (
    "Group",
    "Co",
    "Company",
    "Corporation",
    "Town",
    "Township",
    "City",
    "County",
    "District",
    "Zone",
    "University",
    "College",
    "School",
    "Island",
    "Park",
    "Province",
    "Village",
    "Bank",
    "Hospital",
    "Exchange",
    "Road",
    "Street",
    "Square",
    "Plaza",
    "Hotel",
    "Guesthouse",
    "Center",
    "Centre",
    "Institute",
    "Association",
    "Cooperative",
    "Committee",
    "Government",
    "Office",
    "Bureau",
    "Department",
    "Area",
    "Mountain",
    "River",
    "Lake",
    "Port",
    "Supermarket",
    "Ltd",
)

#: Titles after which (zh) or before which (ja "の王忠書記") a name stands. Simplified forms.
TITLE_WORDS = tuple(
    sorted(
        [
            "书记",
            "副书记",
            "总书记",
            "市长",
            "副市长",
            "省长",
            "副省长",
            "县长",
            "副县长",
            "区长",
            "副区长",
            "州长",
            "副州长",
            "镇长",
            "乡长",
            "村长",
            "主任",
            "副主任",
            "主席",
            "副主席",
            "部长",
            "副部长",
            "局长",
            "副局长",
            "厅长",
            "副厅长",
            "司长",
            "副司长",
            "处长",
            "副处长",
            "科长",
            "秘书长",
            "副秘书长",
            "院长",
            "副院长",
            "校长",
            "副校长",
            "董事长",
            "副董事长",
            "总经理",
            "副总经理",
            "经理",
            "总裁",
            "委员",
            "常委",
            "领导",
            "负责人",
            "巡视员",
            "调研员",
            "会长",
            "副会长",
            "理事长",
            "社长",
            "所长",
            "队长",
            "组长",
            "副组长",
            "政委",
            "参赞",
            "大使",
            "主任委员",
            "总监",
            "行长",
            "指导者",
            "指导员",
            "专员",
            "督察长",
            "检察长",
            "法院院长",
            "司令员",
            "领队",
            "总指挥",
            "副总指挥",
            "指挥长",
            "副指挥长",
            "总工程师",
            "总经济师",
            "首席代表",
        ],
        key=len,
        reverse=True,
    )
)
TITLE_RE = "|".join(TITLE_WORDS)

#: What may follow a name found after a title (zh) — punctuation, particles, verbs.
NAME_END_ZH = (
    r"(?=[，,。、；;：:\s（(“”\"）)]|$|率|表示|指出|强调|主持|出席|参加|讲话|说|会见|代表|在|等|和|与|为|对|向|看望|一行|"
    r"同志|介绍|致辞|汇报|通报|发言|宣读|签|陪同|就|认为|希望|要求|提出|分别|也|还|作|带|先后|出席|一同|共同|会|及|同|到|来|"
    r"赴|率领|主持|调研|考察|慰问|听取|回顾|总结|宣布|传达|部署|通报|答|致|向)"
)
NAME_END_JA = r"(?=[、，,。；\s（(「」]|$|氏|が|は|を|も|と|の|に|さん|様|及び|並びに)"

# Roles: chair > speaker > reporter > attendee.
ROLE_ORDER = {"chair": 4, "speaker": 3, "reporter": 2, "attendee": 1}
ROLE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "chair",
        re.compile(r"主持|主宰|司会|presid|chaired|chairing|hosted the meeting|moderated", re.I),
    ),
    (
        "speaker",
        re.compile(
            r"讲话|致辞|发言|表示|指出|强调|说|スピーチ|讲演|挨拶|述べ|言った|言い|発表|发表|あいさつ|"
            r"\bspeech|\bsaid\b|\bstressed\b|pointed out|\bdelivered\b|\baddressed\b|\bnoted\b|"
            r"\bemphasized\b",
            re.I,
        ),
    ),
    ("reporter", re.compile(r"汇报|通报|报告|\breported\b|\bbriefed\b|progress report", re.I)),
    (
        "attendee",
        re.compile(r"出席|参加|参会|陪同|列席|\battended\b|participated|were present|\bjoined\b", re.I),
    ),
)

# Meeting kinds, by priority; the §6 names.
MEETING_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "joint meeting",
        re.compile(
            r"联席会议|联席会|连席会议|合同会议|高层会议|高层联席|"
            r"joint (?:working )?(?:meeting|conference|session)",
            re.I,
        ),
    ),
    (
        "promotion meeting",
        re.compile(
            r"推进会|推进大会|推动会|推进会议|promotion (?:meeting|conference)|advancement meeting", re.I
        ),
    ),
    (
        "standing committee meeting",
        re.compile(
            r"常委会.{0,3}会议|常委(?:扩大)?会议|常务委员会.{0,3}会议|常务会议|"
            r"standing committee (?:meeting|session)|"
            r"meeting of the standing committee",
            re.I,
        ),
    ),
    ("seminar", re.compile(r"座谈会|研讨会|交流会|\bseminar|\bsymposium|\bforum\b|论坛", re.I)),
    ("signing ceremony", re.compile(r"签约仪式|签约大会|签字仪式|调印式|签约式|signing ceremon", re.I)),
    ("visit", re.compile(r"考察|调研|会见|访问|来访|視察|视察|\bvisit|\bdelegation\b", re.I)),
)
#: The model's kind values for the §6 names.
KIND_VALUES = {
    "joint meeting": "joint_meeting",
    "promotion meeting": "promotion_meeting",
    "standing committee meeting": "standing_committee",
    "seminar": "seminar",
    "signing ceremony": "signing_ceremony",
    "visit": "visit",
    "monthly dispatch meeting": "monthly_dispatch",
    "other": "other",
}

EN_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
EN_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# Agreements.
SIGN_VERBS_CJK = r"签订|签署|签约|签定|签下|缔结|调印|署名|订立|签了"
CONTRACT_NOUNS_CJK = r"协议书|协议|合同|协定|备忘录|意向书|契约|合意书|觉书|议定书|责任书|框架|方案|计划"
AGREEMENT_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("action_plan", re.compile(r"行动计划|行动项目|三年行动|行动方案|action plan|责任清单|责任リスト", re.I)),
    (
        "park",
        re.compile(
            r"共建.{0,6}园|园区共建|エリア共同建设|共同建设.{0,4}(?:园|エリア)|build parks?|co-?built park",
            re.I,
        ),
    ),
    ("framework", re.compile(r"框架|枠組|枠组|framework", re.I)),
    ("strategic", re.compile(r"战略|戦略|strategic", re.I)),
    ("sales", re.compile(r"销售|贩売|販売|贩卖|销|distribution|\bsales?\b|采购|购销|purchas", re.I)),
    ("project", re.compile(r"项目|プロジェクト|\bproject", re.I)),
    (
        "cooperation",
        re.compile(r"合作|连携|協力|协力|协作|扶贫|帮扶|支援|援助|结对|cooperation|assistance|pairing", re.I),
    ),
)
