"""The document and departments the import races use (test_import_races*.py and their worker)."""

DOCUMENT = """2023年区政府工作报告目标任务分解方案
一、加快产业项目落地
1. 引进500强总部2个。(牵头单位:区投资促进局;配合单位:区商务局)
2. 策划55个重点投资项目。(牵头单位:区发改局;完成时限:6月底前)
"""

# code, name, short name: the owners DOCUMENT names.
DEPARTMENTS = [
    ("D1", "洪山区投资促进局", "区投资促进局"),
    ("D2", "洪山区商务局", "区商务局"),
    ("D3", "洪山区发展和改革局", "区发改局"),
]
