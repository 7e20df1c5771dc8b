from docfiler.cli import run

run()
