"""Error pages in Chinese, never a stack trace."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "请求有误",
    403: "无权访问",
    404: "页面不存在",
    405: "不支持的请求方式",
    413: "上传的文件过大",
    422: "提交的内容有误",
    500: "服务器内部错误",
}


def register(app: Flask) -> None:
    """Answer every HTTP error with a Chinese page."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors.html", code=400, message="页面已过期或来源无效，请刷新页面后重试"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        return render_template("errors.html", code=code, message=MESSAGES.get(code, "请求失败")), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error")
        return render_template("errors.html", code=500, message=MESSAGES[500]), 500
