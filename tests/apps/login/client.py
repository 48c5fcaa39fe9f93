"""client.py: the login app's client is a skynet program (client/clientmain.lua, on
skyglass: the handshake needs skynet.crypt's DH, HMAC and DES); its "T ..." lines
are the transcript."""
import os, subprocess, tempfile

CHECKOUT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def run(port):
    binary = os.environ.get("APP_SKYGLASS", os.path.join(CHECKOUT, "build/skyglass"))
    d = "tests/apps/login/client/?.lua;lessons/41-login/?.lua"
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
        f.write(f'thread = 2\nstart = "clientmain"\nluaservice = "{d}"\nlua_path = "{d}"\n'
                f'login_port = "{port}"\ngame_port = "{port + 1}"\n')
    try:
        out = subprocess.run([binary, f.name], cwd=CHECKOUT, capture_output=True, text=True, timeout=20).stdout
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode() + "\nclient timed out"
    finally:
        os.unlink(f.name)
    tr = []
    for line in out.splitlines():
        text = line.split("] ", 1)[1] if line.startswith("[:") else line
        if text.startswith("T ") or "error" in text or "timed out" in text:
            tr.append(text)
    return tr
