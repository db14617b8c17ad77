"""
The demo's quarterly story: how each goal's reports unfold over Q1–Q3, what
departments write when a goal is in trouble, the milestones they set, how the
supervision office reviews the reports, and why a department reports another
status than its figures suggest. Invented, as every name in the demo is;
``targets.demo.quarters`` writes it into the database.
"""

from targets.choices import UpdateStatus

# How a goal's quarterly reports unfold: for Q1, Q2 and Q3 the reported
# status and the range its percent complete is drawn from, or None when the
# department has not reported (the dashboard's 未报送). Ranges rise from one
# quarter to the next so percent complete never goes down.
_ON, _RISK, _BEHIND = UpdateStatus.ON_TRACK, UpdateStatus.AT_RISK, UpdateStatus.BEHIND
_DONE, _NOT_STARTED = UpdateStatus.COMPLETED, UpdateStatus.NOT_STARTED
TRAJECTORIES = {
    "steady": ((_ON, 18, 30), (_ON, 42, 58), (_ON, 65, 80)),
    "done_by_q2": ((_ON, 45, 60), (_DONE, 100, 100), (_DONE, 100, 100)),
    "done_by_q3": ((_ON, 30, 40), (_ON, 60, 75), (_DONE, 100, 100)),
    "late_start": ((_NOT_STARTED, 0, 0), (_ON, 25, 35), (_ON, 55, 65)),
    "slipping": ((_ON, 15, 22), (_RISK, 30, 38), (_BEHIND, 40, 48)),
    "stalled": ((_RISK, 10, 15), (_RISK, 28, 35), (_RISK, 45, 52)),
    "recovering": ((_RISK, 8, 14), (_RISK, 30, 38), (_ON, 62, 70)),
    "lagging": ((_ON, 20, 26), (_ON, 42, 50), (_RISK, 55, 60)),
    "unreported_q3": ((_ON, 18, 30), (_ON, 42, 58), None),
}

# The part each goal plays in the demo; every goal not listed is "steady".
STORYLINE = {
    "1.1.1": "slipping",
    "1.1.2": "done_by_q2",
    "1.2.3": "unreported_q3",
    "2.2.2": "done_by_q3",
    "2.3.1": "late_start",
    "2.3.3": "stalled",
    "3.1.1": "slipping",
    "3.1.3": "recovering",
    "3.1.5": "done_by_q3",
    "3.2.2": "unreported_q3",
    "3.2.3": "late_start",
    "3.3.1": "recovering",
    "4.1.1": "done_by_q3",
    "4.1.2": "lagging",
    "4.2.1": "lagging",
    "4.2.3": "unreported_q3",
    "4.2.6": "done_by_q2",
}

# What the lead department writes under 存在问题 while a goal is not started,
# at risk or behind.
PROBLEMS = {
    "1.1.1": "500强企业总部落户决策周期长，在谈项目尚未签约；功能区可供产业用地偏少。",
    "2.3.1": "园区选址和工业用地供应方案仍在论证，项目尚未进入实施阶段。",
    "2.3.3": "受资本市场审核节奏放缓影响，后备企业申报进度偏慢；部分种子企业规范化程度不高。",
    "3.1.1": "部分被征收户诉求较高，签约进度慢于预期；安置房源供应偏紧。",
    "3.1.3": "部分道路涉及征收拆迁和管线迁改，开工条件尚未完全具备。",
    "3.2.3": "垃圾中转站选址需征求周边居民意见，前期手续尚未办结。",
    "3.3.1": "汛期施工窗口受限，箱涵混错接改造进度滞后；部分点位管网权属不清。",
    "4.1.2": "部分学校项目用地手续办理周期长，建设进度慢于计划。",
    "4.2.1": "回迁项目装修和设备采购进度偏慢，需多方协调推进。",
}

# Expected progress (序时进度) the lead department set where the time elapsed
# does not fit the work: quarter → (percent, milestone). Quarters not listed
# follow the time elapsed.
MILESTONES = {
    "2.3.1": {  # the park cannot start before its site is settled
        1: (0, "完成园区选址论证"),
        2: (30, "完成用地报批和方案设计"),
        3: (60, "主体工程开工建设"),
    },
    "3.2.3": {  # building starts once the site consultation is over
        1: (0, "完成选址和周边居民意见征求"),
        2: (30, "办结前期手续"),
        3: (60, "主体结构施工"),
    },
    "4.1.2": {  # schools are built in the dry season and opened for the autumn term
        1: (20, "完成年度建设计划和招标"),
        2: (45, "主体结构封顶"),
        3: (70, "5所学校秋季开学投用"),
    },
}

# The supervision office's review of the demo's reports. Q1, Q2 and most of
# Q3 are approved; these Q3 reports still wait for review, and one was
# returned with what to correct.
WAITING_Q3 = ("2.1.1", "3.3.2", "4.2.2")
RETURNED_Q3 = {
    "3.1.1": (
        "征收签约户数与区住房保障和房屋管理局台账不一致，请核实后重新报送，并补充安置房源筹集情况。"
    ),
}

# Why a department reports a status other than the one its figures suggest.
OVERRIDE_REASONS = {
    UpdateStatus.ON_TRACK: "主要工作量集中在四季度，已完成招标和前期准备，全年目标可以完成。",
    UpdateStatus.AT_RISK: "虽然完成比例尚可，但关键节点存在不确定因素，如实报告风险。",
    UpdateStatus.BEHIND: "关键子项停滞，仅靠现有进度难以按期完成，需区领导协调。",
    UpdateStatus.NOT_STARTED: "前期手续尚未办结，项目未实质性启动。",
    UpdateStatus.COMPLETED: "年度目标任务已全部完成。",
}
