"""LibreOffice for the tests: the official font names mapped by a fontconfig file written here (仿宋_GB2312,
宋体, 方正小标宋简体 → Noto Serif CJK SC; 黑体 → Noto Sans CJK SC; 楷体_GB2312 → AR PL UKai CN), and one
conversion to PDF. Starting soffice costs seconds, so every document the tests render is converted in one
run per session (conftest.office_pdfs)."""

import os
import shutil
import subprocess

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ALIASES = {
    "仿宋_GB2312": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
    "楷体_GB2312": "AR PL UKai CN",
}
GLYPH_LANGUAGES = (None, "zh-CN", "ja-JP")


def fontconfig(tmp) -> dict:
    """An environment whose fontconfig maps the official font names onto the installed ones."""
    rules = "".join(
        f'<match target="pattern"><test name="family"><string>{name}</string></test>'
        f'<edit name="family" mode="assign" binding="strong"><string>{font}</string></edit></match>'
        for name, font in ALIASES.items()
    )
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{rules}</fontconfig>',
        "utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def to_pdf(files, out, env, profile) -> None:
    """One LibreOffice run with its own profile (another soffice on the machine cannot take the job).
    Each PDF takes its document's stem: the stems must differ."""
    stems = [f.stem for f in files]
    assert len(set(stems)) == len(stems), stems
    proc = subprocess.run(
        [OFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir"]
        + [str(out)]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr


def glyph_documents(folder) -> list:
    """门直角骨 in the 自评报告 template: in its default language, marked zh-CN and marked ja-JP."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from balance_check.report.docx_report import TEMPLATE

    files = []
    for lang in GLYPH_LANGUAGES:
        doc = Document(str(TEMPLATE))
        run = doc.add_paragraph().add_run("门直角骨")
        if lang:
            el = OxmlElement("w:lang")
            el.set(qn("w:eastAsia"), lang)
            run._r.get_or_add_rPr().append(el)
        files.append(folder / f"glyphs_{lang or 'default'}.docx")
        doc.save(files[-1])
    return files
