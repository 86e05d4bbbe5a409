"""The bureau's part of its self-evaluation report (自评报告): the narrative of 二、主要做法与成效,
saved on the self-report page (`selfreport.services.self_report_save`, audited) the day before
the county's own stage is done (road.py: the self-evaluation, 33 days ago). The unit costs are
left to the example file's, as a bureau that has not priced its plan yet leaves them."""

from __future__ import annotations

from junheng.demo_county.clock import Timeline
from junheng.demo_county.people import Cast
from junheng.selfreport.services import self_report_save

SAVED_DAYS_AGO = 34

# 二、主要做法与成效, one paragraph an entry, joined by blank lines as typed on the page
PARAGRAPHS = (
    (
        "（一）加强组织领导，压实工作责任。县委、县政府将义务教育优质均衡发展纳入全县经济"
        "社会发展规划和年度目标考核，成立以县长为组长的创建工作领导小组，建立县级领导包乡"
        "镇、教育局干部包学校的责任机制，定期召开推进会，逐项分解评估指标，明确责任股室和"
        "完成时限。"
    ),
    (
        "（二）加大经费投入，改善办学条件。近三年义务教育经费实现“两个只增不减”，统筹实"
        "施薄弱学校改造和城区学校扩容工程，新建、改扩建校舍 4.2 万平方米，补齐音乐、"
        "美术专用教室和体育运动场馆缺口；不足 100 名学生的村小和教学点按 100 名"
        "学生核定公用经费。"
    ),
    (
        "（三）建强教师队伍，促进均衡配置。落实县管校聘改革，按标准核定编制并统筹分配到校"
        "；实施教师全员培训，5 年 360 学时培训完成率逐年提高；推进城乡教师交流轮岗"
        "，骨干教师向农村学校流动；教师平均工资收入不低于当地公务员平均工资收入水平。"
    ),
    (
        "（四）规范办学行为，提升教育质量。严格落实免试就近入学，均衡编班，不设重点学校和"
        "重点班；开齐开足国家课程，落实作业管理和课后服务；优质高中招生名额分配比例达到 "
        "52%，并向农村初中倾斜。"
    ),
    (
        "（五）坚持问题导向，抓实整改落实。对照评估指标开展县级自查、乡镇检查和督学包校走"
        "访，建立问题整改台账，逐项明确整改措施、责任人和期限，实行销号管理；对省级督导反"
        "馈问题逐条制定整改方案，定期通报整改进展。"
    ),
)
PRACTICE = "\n\n".join(PARAGRAPHS)


def self_report(timeline: Timeline, cast: Cast, *, year: int, standard: str) -> None:
    timeline.at(
        SAVED_DAYS_AGO,
        lambda: self_report_save(
            actor=cast.admin,
            county=cast.county,
            year=year,
            standard=standard,
            practice=PRACTICE,
            unit_costs={},
        ),
    )
