"""Chinese for sessions, sign-in throttling and the admin gate."""

ZH = {
    # session timeouts (accounts.middleware)
    "You were inactive for more than %(minutes)s minute; please sign in again.": "您已超过%(minutes)s分钟未操作，请重新登录。",
    "You have been signed in for more than %(hours)s hour; please sign in again.": "您已连续登录超过%(hours)s小时，请重新登录。",
    "You have been signed in for more than %(minutes)s minute; please sign in again.": "您已连续登录超过%(minutes)s分钟，请重新登录。",
    # sign-in throttling (templates/registration/locked_out.html)
    "Sign-in locked": "登录已暂停",
    "There were too many wrong passwords for the user “%(username)s” from this computer, so signing in as this user from here is paused.": "用户“%(username)s”在这台电脑上输错密码的次数过多，已暂停从这里以该用户登录。",
    "Try again in %(minutes)s minute.": "请在 %(minutes)s 分钟后再试。",
    "Each attempt before then starts the wait again.": "在此之前每尝试一次，都会重新开始计时。",
    "If you have forgotten your password, or need to sign in sooner, ask the Luoshi administrator (the supervision office) to reset your password or lift the lock.": "如果忘记了密码，或需要尽快登录，请联系落实系统管理员（督查室）重置密码或解除锁定。",
    "Back to sign in": "返回登录",
    # the admin site (accounts.admin_site)
    "Only administrators can open the administration pages.": "只有管理员可以进入管理后台。",
    # django-axes' admin pages (accounts.admin.AXES_ADMIN_NAMES)
    "access attempt": "登录尝试",
    "access attempts": "登录尝试与锁定",
    "access failure": "登录失败",
    "access failures": "登录失败记录",
    "access log": "登录记录",
    "access logs": "登录记录",
    "Locked Out": "已锁定",
    # One's own password (registration/password_change_*.html).
    "Change password": "修改密码",
    "Password changed": "密码已修改",
    "Your password was changed. Use the new one next time you sign in.": "密码已修改，下次登录请使用新密码。",
    "Back to your goals": "返回我的任务",
}
