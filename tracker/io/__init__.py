"""Files in and out, with no workspace: the readers of CSV and Excel tables (encodings,
delimiters, limits, hostile files), the zip limits every workbook is checked against, the text
rules of Office Open XML, and writing a file atomically. Nothing here imports the store or Qt."""
