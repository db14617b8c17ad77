"""Chinese for importing a decomposition table (任务分解表) from an Excel workbook."""

ZH = {
    # the upload form
    "A work report or decomposition plan as .docx, .txt or .md (UTF-8 or GB18030), or a decomposition table as .xlsx, up to 10 MB.": "政府工作报告或分解方案（.docx、.txt 或 .md 格式，UTF-8或GB18030编码），或 .xlsx 格式的任务分解表，不超过10 MB。",
    # files that are refused
    "Files with macros are not accepted. Save it as a plain .docx or .xlsx file.": "不接受带宏的文件，请另存为普通的 .docx 或 .xlsx 文件。",
    "Unsupported file type: use .txt, .md, .docx or .xlsx.": "不支持的文件类型：请使用 .txt、.md、.docx 或 .xlsx。",
    "This .xlsx file is damaged or is not an Excel workbook.": "该 .xlsx 文件已损坏，或不是 Excel 工作簿。",
    "This is an old Excel .xls or WPS .et file, or a workbook protected by a password. Save it as .xlsx (Excel workbook) without a password and upload that.": "这是旧版 Excel .xls 或 WPS .et 文件，或是设置了密码的工作簿。请另存为不设密码的 .xlsx（Excel 工作簿）后再上传。",
    "The workbook has more than 50,000 rows, far more than a decomposition table. Delete the empty rows or split it, and upload it again.": "该工作簿超过50,000行，远多于一张任务分解表。请删除空行或拆分后重新上传。",
    "No sheet of this workbook has a table with a header row naming its columns (序号, 工作任务, 牵头单位…).": "该工作簿中没有带表头（序号、工作任务、牵头单位等）的表格。",
    # warnings of the draft
    "Sheet %(sheet)s (%(name)s) is hidden; it was not read.": "第%(sheet)s个工作表（%(name)s）已隐藏，未读取。",
    "Sheet %(sheet)s (%(name)s) has no table with a header row naming its columns (序号, 工作任务, 牵头单位…); it was not read.": "第%(sheet)s个工作表（%(name)s）中没有带表头（序号、工作任务、牵头单位等）的表格，未读取。",
    "Column “%(column)s” is not one Luoshi reads; it was left out.": "无法识别“%(column)s”列，已略去。",
    "This row spans the table but is neither a heading nor a task; it was left out.": "该行横跨整个表格，但既不是标题也不是任务，已略去。",
    "No tasks were found in the workbook.": "在该工作簿中没有找到任务。",
    "This task repeats the one in sheet %(sheet)s, row %(row)s.": "该任务与第%(sheet)s个工作表第%(row)s行的任务重复。",
}
