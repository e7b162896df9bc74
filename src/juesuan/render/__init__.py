"""Every output of a report, drawn from the view model (``juesuan.viewmodel.ReportView``).

``html`` (report.html), ``pdf`` (report.pdf, Typst), ``docx`` (report.docx), ``xlsx`` (tables.xlsx), ``text``
(report.txt) and ``fdp`` (the Fiscal Data Package). Renderers only format: every figure is computed in
``juesuan.derive``. Import the module of the format you need (each loads its own libraries).
"""
