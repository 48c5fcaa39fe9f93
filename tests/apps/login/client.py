"""client.py: the login app's client is a skynet program (client/clientmain.lua, on
skyglass, or on skynet with app_harness.py --mixed: the handshake needs
skynet.crypt's DH, HMAC and DES); the "T ..." lines it prints are the transcript."""
import os, subprocess, tempfile

CHECKOUT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def run(port):
    binary = os.environ.get("APP_SKYGLASS", os.path.join(CHECKOUT, "build/skyglass"))
    d = "tests/apps/login/client/?.lua;lessons/41-login/?.lua"
    conf = f'thread = 2\nstart = "clientmain"\nluaservice = "{d}"\nlua_path = "{d}"\n'
    cwd = CHECKOUT
    if os.environ.get("APP_PEER_RUNTIME") == "skynet":  # app_harness.py --mixed: the client on skynet
        binary, ref = os.environ["APP_PEER_BIN"], os.environ["APP_SKYNET_DIR"]
        d = f"{CHECKOUT}/tests/apps/login/client/?.lua;{CHECKOUT}/lessons/41-login/?.lua"
        conf = (f'thread = 2\nstart = "clientmain"\nharbor = 0\nroot = "{ref}/"\nbootstrap = "snlua bootstrap"\n'
                f'cpath = root.."cservice/?.so"\nluaservice = "{d};"..root.."service/?.lua"\n'
                f'lualoader = root.."lualib/loader.lua"\nlua_path = "{d};"..root.."lualib/?.lua;"..root.."lualib/?/init.lua"\n'
                f'lua_cpath = root.."luaclib/?.so"\n')
        cwd = ref
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
        f.write(conf + f'login_port = "{port}"\ngame_port = "{port + 1}"\n')
    try:
        out = subprocess.run([binary, f.name], cwd=cwd, capture_output=True, text=True, timeout=20).stdout
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
