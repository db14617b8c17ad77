"""
Chinese for the supervision bulletin's interface: its download button and the
messages around it. The bulletin's own text is Chinese in targets/io/bulletin.py
and is not translated: a 公文 is Chinese whatever language the exporter reads.
"""

ZH = {
    "%(plan)s has no goals to report on.": "%(plan)s还没有目标任务，无法生成督查通报。",
    "Only supervisors, leaders and administrators download the bulletin.": "只有督查室、领导和管理员可以下载督查通报。",
    # the dashboard's button
    "Bulletin": "督查通报",
    "The supervision bulletin for this quarter as a Word document, ready to edit and send": "本季度督查通报（Word文档），可编辑后印发",
}
