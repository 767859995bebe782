"""A long session must not crash: on Python 3.11, PySide6 6.12 lost a reference to None on every
Python override of a void virtual (paintEvent, delegate paint, QRunnable.run ...); after some
thousands of repaints the interpreter aborted with "none_dealloc". Clipper requires a Python on
which None is immortal (3.12+); this checks it end to end in a subprocess."""

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
class Painted(QWidget):
    def paintEvent(self, event):
        pass
widget = Painted()
widget.resize(40, 40)
widget.show()
for _ in range(20000):
    widget.repaint()
print("done")
"""


def test_twenty_thousand_repaints_then_a_clean_exit():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=120, env={"QT_QPA_PLATFORM": "offscreen",
                                              "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "done"
